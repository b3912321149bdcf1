-- The flow limit's token buckets (Throttling.User) when the database is PostgreSQL: one row per user, action and
-- limit, written by Bucket4j (bucket4j-postgresql) and shared by every node, so the limit holds for the cluster.
-- expires_at (epoch milliseconds) is when the bucket is full again plus cdn.gateway.flow-limit-retention; expired
-- rows are deleted every minute. expires_at has no index on purpose: every limited call updates it, and an index
-- on it would turn each of those updates into an index write (no HOT update); the minutely removal reads a table
-- of the users active in the last minutes. On H2 (a single node) the buckets live in memory: the table stays empty.
create table flow_limit_bucket (
    id         varchar(200) not null primary key,
    state      bytea,
    expires_at bigint
);
