-- What is kept of a refused OpenCdnService call once the engine history of its activation is removed (a day
-- after it ended, org.cdnbilling.retention): its RequestId, account, code and time. About 200 bytes with
-- its indexes, against about 10.5 KB of engine history (docs/history-retention.md). Rows older than
-- cdn.retention.refusals (P30D) are deleted periodically.
create table activation_refusal (
    request_id varchar(64)  not null primary key,
    owner_id   bigint       not null,
    code       varchar(64)  not null,
    refused_at timestamp with time zone not null
);

create index ix_activation_refusal_time on activation_refusal (refused_at);
