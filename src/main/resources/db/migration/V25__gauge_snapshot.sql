-- The cluster's gauges for Prometheus (org.cdnbilling.metrics.GaugeSnapshot): one row per gauge with its last
-- count, and the lease row '_lease' whose taken_at says when a node last took the refresh. One node counts at most
-- once per cdn.metrics.refresh-every; every node's scrapes read the counts from memory.
create table gauge_snapshot (
    name        varchar(100) not null primary key,
    gauge_value bigint,
    taken_at    timestamp with time zone not null
);
insert into gauge_snapshot (name, gauge_value, taken_at) values ('_lease', null, timestamp '1970-01-01 00:00:00');

-- the low-balance gauge reads the recent hourly bills of all accounts (org.cdnbilling.overdue.LowBalance)
create index ix_bill_type_period on bill (bill_type, period_start);
-- the suspended-services gauge
create index ix_cdn_service_status on cdn_service (status);
