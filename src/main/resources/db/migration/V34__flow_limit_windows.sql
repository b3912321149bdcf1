-- The flow limit of the RPC API (Throttling.User) on PostgreSQL: one row per user, action and limit, shared by every
-- node, so the limit holds for the cluster. A window opens at a user's first call and lasts the flow-limit period;
-- used counts its calls (capped at the limit + 1). A call is admitted in one statement with its nonce
-- (org.cdnbilling.gateway.PostgresAdmissions), which replaced Bucket4j's bucket rows for these limits (a locking
-- read, an update and up to two transactions per call); the login throttle keeps its buckets in flow_limit_bucket.
-- expires_at (epoch milliseconds) is the window's end plus cdn.gateway.flow-limit-retention, after which the row
-- means the same as no row; expired rows are deleted every minute. No index on it, as on flow_limit_bucket.expires_at:
-- every limited call updates the row, and an index on a changing column makes every such update an index write.
-- On H2 (a single node) the budgets live in memory and the table stays empty.
create table flow_limit_window (
    id           varchar(200) not null primary key,
    window_start bigint       not null,
    used         integer      not null,
    expires_at   bigint       not null
);
