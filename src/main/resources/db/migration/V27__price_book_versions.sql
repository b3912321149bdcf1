-- Price book versions (org.cdnbilling.rating.PriceBooks): every price the service has charged, each version in force
-- from its effective_from (a UTC hour) until the next version's. A period is rated with the version in force at its
-- start (an hour_flow hour at the hour's start, a day_bandwidth day at the Beijing day's start), its supplements too.
-- Versions are never updated or deleted. At start-up an empty table gets the configured cdn.billing.price-book as
-- version 1, effective from 1970-01-01T00:00:00Z; later ones are added with POST /admin/price-books, from a future
-- hour only. prices is JSON: trafficTierStarts (bytes), traffic (per region four prices per GB, as strings),
-- bandwidthTierLimitsMbps, bandwidth (per region four prices per Mbps and day).
create table price_book_version (
    version        integer        not null,
    effective_from timestamp with time zone not null,
    currency       varchar(3)     not null,
    prices         varchar(8000)  not null,
    created_at     timestamp with time zone not null,
    constraint pk_price_book_version primary key (version),
    constraint uq_price_book_version_effective_from unique (effective_from),
    constraint ck_price_book_version_positive check (version > 0)
);

-- The version that rated each bill. Bills written before this migration were rated with the configured price book,
-- which becomes version 1 at the first start after it: the default fills them in.
alter table bill add column price_book_version integer default 1 not null;
