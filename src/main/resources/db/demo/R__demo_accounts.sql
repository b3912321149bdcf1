-- Demo accounts: OwnerId to outcome of OpenCdnService (see README). Inserted only where missing, so
-- every node may run it and an operator's changes survive restarts. Portable SQL: the demo runs it on H2,
-- docker-compose's nodes (and the tests with -Ppostgres) on PostgreSQL.
merge into account a
using (values
    (1001, 'demo-1001@example.com', true,  true,  'DOMESTIC',      false, false, true,  100.00),
    (1002, 'demo-1002@example.com', false, true,  'DOMESTIC',      false, false, true,  100.00),
    (1003, 'demo-1003@example.com', true,  false, 'DOMESTIC',      false, false, true,  100.00),
    (1004, 'demo-1004@example.com', true,  true,  'INTERNATIONAL', false, false, true,  100.00),
    (1005, 'demo-1005@example.com', true,  true,  'DOMESTIC',      false, true,  true,  100.00),
    (1006, 'demo-1006@example.com', true,  true,  'DOMESTIC',      false, false, false, 100.00),
    (1007, 'demo-1007@example.com', true,  true,  'DOMESTIC',      false, false, true,    0.00),
    (1008, 'demo-1008@example.com', true,  true,  'DOMESTIC',      false, false, true,  100.00),
    (1009, 'demo-1009@example.com', true,  true,  'DOMESTIC',      false, false, true,  100.00),
    (1010, 'demo-1010@example.com', true,  true,  'DOMESTIC',      false, false, true,  100.00),
    (1011, 'demo-1011@example.com', true,  true,  'DOMESTIC',      false, false, true,  100.00),
    (1012, 'demo-1012@example.com', true,  true,  'DOMESTIC',      false, false, true,  100.00),
    (1013, 'demo-1013@example.com', true,  true,  'DOMESTIC',      false, false, true,  500.00),
    (1014, 'demo-1014@example.com', true,  true,  'DOMESTIC',      false, false, true,    1.00),
    (1015, 'demo-1015@example.com', true,  true,  'DOMESTIC',      false, false, true, 1000.00)
) as d (owner_id, owner_account, real_name_verified, profile_complete, site, intl_allowed, bid_user,
        pay_method_valid, balance)
on a.owner_id = d.owner_id
when not matched then insert (owner_id, owner_account, real_name_verified, profile_complete, site, intl_allowed,
        bid_user, pay_method_valid, balance, created_at, updated_at, version)
    values (d.owner_id, d.owner_account, d.real_name_verified, d.profile_complete, d.site, d.intl_allowed,
        d.bid_user, d.pay_method_valid, d.balance, current_timestamp, current_timestamp, 0);

-- Services opened before the demo's first start, each from an activated order (ids far from the sequences'
-- range), at the start of a UTC hour (so 1015's seeded hours are whole): 1010 (PayByTraffic), 1013
-- (PayByBandwidth) and 1014 (PayByTraffic) three days before, no usage (tests and callers post theirs);
-- 1015 (PayByTraffic) a week before, with a week of usage (below).
merge into cdn_order o
using (
    select v.id, v.owner_id, v.charge_type, t.this_hour - v.days * interval '1' day
    from (values
        (900001010, 1010, 'PayByTraffic',   3),
        (900001013, 1013, 'PayByBandwidth', 3),
        (900001014, 1014, 'PayByTraffic',   3),
        (900001015, 1015, 'PayByTraffic',   7)
    ) as v (id, owner_id, charge_type, days)
    cross join (select timestamp with time zone '1970-01-01 00:00:00+00'
        + floor(extract(epoch from current_timestamp) / 3600) * interval '1' hour as this_hour) as t
) as d (id, owner_id, charge_type, opened_at)
on o.id = d.id
when not matched then insert (id, owner_id, active_owner_id, internet_charge_type, status, request_id, created_at,
        updated_at, activated_at, version)
    values (d.id, d.owner_id, d.owner_id, d.charge_type, 'ACTIVATED', 'DEMO-SEED', d.opened_at, d.opened_at,
        d.opened_at, 0);

merge into cdn_service s
using (select id, owner_id, internet_charge_type, activated_at from cdn_order
       where id in (900001010, 900001013, 900001014, 900001015)) as d (id, owner_id, charge_type, opened_at)
on s.owner_id = d.owner_id
when not matched then insert (id, owner_id, instance_id, internet_charge_type, opened_at, status, order_id, version)
    values (d.id, d.owner_id, 'cdn-' || cast(d.owner_id as varchar(20)), d.charge_type, d.opened_at, 'OPENED',
        d.id, 0);

-- the demo accounts' balances are their opening balances in the ledger (V11__ledger.sql)
merge into ledger_entry e
using (select owner_id, balance from account where owner_id between 1001 and 1099) as d (owner_id, balance)
on e.owner_id = d.owner_id and e.reference = 'opening-balance'
when not matched then insert (owner_id, kind, amount, balance_after, reference, created_at)
    values (d.owner_id, 'OPENING_BALANCE', d.balance, d.balance, 'opening-balance', current_timestamp);

-- the charge types of the seeded services since they opened (V12__charge_type_periods.sql)
merge into charge_type_period p
using (select owner_id, opened_at, internet_charge_type from cdn_service where owner_id between 1001 and 1099)
    as d (owner_id, opened_at, charge_type)
on p.owner_id = d.owner_id
when not matched then insert (owner_id, starts_at, charge_type) values (d.owner_id, d.opened_at, d.charge_type);

-- 1015's week of usage in CN and EU: every 5-minute interval of the 168 hours from its opening (2,016 samples a
-- region), the traffic of a small site (about 4,000 GB a week in CN, 1,000 GB in EU) following the day (the
-- evening peak at 21:00 Beijing time in CN, 19:00 UTC in EU) with some noise; peakBps above the interval's
-- average rate. Keyed by the service's stored opening, so a node running this again inserts nothing. Each hour
-- still missing samples is marked unbilled first (as ingestion does: V13__bills.sql), so the first billing run
-- bills it.
merge into unbilled_usage m
using (
    with recursive hour_index (h) as (select 0 union all select h + 1 from hour_index where h < 167)
    select s.owner_id, s.opened_at + hour_index.h * interval '1' hour
    from cdn_service s cross join hour_index
    where s.owner_id = 1015 and s.order_id = 900001015
      and (select count(*) from usage_sample u where u.owner_id = s.owner_id
           and u.start_at >= s.opened_at + hour_index.h * interval '1' hour
           and u.start_at < s.opened_at + (hour_index.h + 1) * interval '1' hour) < 24
) as d (owner_id, hour_start)
on m.owner_id = d.owner_id and m.hour_start = d.hour_start
when matched then update set changes = m.changes + 1
when not matched then insert (owner_id, hour_start, changes) values (d.owner_id, d.hour_start, 1);

insert into usage_sample (owner_id, region, start_at, bytes, peak_bps, received_at)
with recursive five_minutes (n) as (select 0 union all select n + 1 from five_minutes where n < 2015),
slot (owner_id, start_at, n, hour_of_day) as (
    select s.owner_id, s.opened_at + five_minutes.n * interval '5' minute, five_minutes.n,
        mod(cast(floor(extract(epoch from s.opened_at) / 3600) as bigint)
            + cast(floor(five_minutes.n / 12.0) as bigint), 24) + mod(five_minutes.n, 12) / 12.0
    from cdn_service s cross join five_minutes
    where s.owner_id = 1015 and s.order_id = 900001015),
sample (owner_id, region, start_at, bytes, peak_factor) as (
    select slot.owner_id, r.region, slot.start_at,
        r.mean_bytes * (1 + 0.6 * cos(2 * pi() * (slot.hour_of_day - r.peak_hour_utc) / 24))
            * (0.85 + mod(slot.n * 7919 + r.seed, 1000) / 3333.0),
        1.3 + mod(slot.n * 31 + r.seed, 50) / 100.0
    from slot cross join (values ('CN', 2147483648, 13, 104729), ('EU', 536870912, 19, 209458))
        as r (region, mean_bytes, peak_hour_utc, seed))
select owner_id, region, start_at, cast(floor(bytes) as bigint), cast(floor(bytes * 8 / 300 * peak_factor) as bigint),
    current_timestamp
from sample
where not exists (select 1 from usage_sample u
    where u.owner_id = sample.owner_id and u.region = sample.region and u.start_at = sample.start_at);

-- 1015's hourly totals (usage_hour, V19__usage_hours.sql) are those of its samples: recomputed, so that running this
-- script again counts nothing twice
delete from usage_hour where owner_id = 1015;
insert into usage_hour (owner_id, region, hour_number, bytes, peak_bps)
select owner_id, region, cast(floor(extract(epoch from start_at) / 3600) as bigint), sum(bytes), max(peak_bps)
from usage_sample
where owner_id = 1015
group by owner_id, region, cast(floor(extract(epoch from start_at) / 3600) as bigint);
