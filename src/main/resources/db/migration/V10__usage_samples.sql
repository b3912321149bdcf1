-- The CDN's usage as the metering pipeline reports it: one row per account, region and 5-minute interval
-- (its UTC start). Samples are facts: stored once, never changed; the same sample posted again is a
-- duplicate, another value for a stored key is refused. received_at tells a billing run which samples
-- arrived after a period was billed (a supplement).
create table usage_sample (
    owner_id    bigint     not null,
    region      varchar(8) not null,
    start_at    timestamp with time zone not null,
    bytes       bigint     not null,
    peak_bps    bigint     not null,
    received_at timestamp with time zone not null,
    constraint pk_usage_sample primary key (owner_id, region, start_at),
    constraint ck_usage_sample_bytes check (bytes >= 0),
    constraint ck_usage_sample_peak check (peak_bps >= 0)
);

create index ix_usage_sample_received on usage_sample (received_at);
