-- Hourly totals of the usage: per account, region and UTC hour (hour_number = epoch second / 3600), the bytes
-- summed and the highest 5-minute peak. Ingestion keeps them in the same transaction (the same statement, on
-- PostgreSQL) as the samples it stores, so they always equal the samples' totals; billing rates an hour on its
-- region's month-to-date, and reads a month so far as at most 744 rows per account and region instead of every
-- 5-minute sample of it.
create table usage_hour (
    owner_id    bigint     not null,
    region      varchar(8) not null,
    hour_number bigint     not null,
    bytes       bigint     not null,
    peak_bps    bigint     not null,
    constraint pk_usage_hour primary key (owner_id, region, hour_number),
    constraint ck_usage_hour_bytes check (bytes >= 0),
    constraint ck_usage_hour_peak check (peak_bps >= 0)
);

-- the totals of the samples stored before this version
insert into usage_hour (owner_id, region, hour_number, bytes, peak_bps)
select owner_id, region, cast(floor(extract(epoch from start_at) / 3600) as bigint), sum(bytes), max(peak_bps)
from usage_sample
group by owner_id, region, cast(floor(extract(epoch from start_at) / 3600) as bigint);
