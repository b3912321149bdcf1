-- Bills. One bill per (account, bill type, period, supplement), enforced by the primary key: supplement 0 is the
-- period's bill, 1, 2, ... bill samples that arrived after it. Each bill re-rates the period with every sample
-- known when it was made: its lines hold the whole period's quantity and exact amount, rated_amount their sum;
-- total is what this bill charges, rated_amount rounded half-up to cents less previously_billed (the totals of
-- the period's earlier bills). A bill with a non-zero total is deducted by the ledger entry with reference
-- 'bill:<bill_type>:<period_start>:<supplement>' (org.cdnbilling.billing).
create table bill (
    owner_id          bigint         not null references account (owner_id),
    bill_type         varchar(32)    not null,
    period_start      timestamp with time zone not null,
    supplement        integer        not null,
    period_end        timestamp with time zone not null,
    charge_type       varchar(32)    not null,
    currency          varchar(3)     not null,
    rated_amount      numeric(24, 8) not null,
    previously_billed numeric(19, 2) not null,
    total             numeric(19, 2) not null,
    run_id            varchar(64),
    created_at        timestamp with time zone not null,
    constraint pk_bill primary key (owner_id, bill_type, period_start, supplement),
    constraint ck_bill_supplement check (supplement >= 0)
);

-- A bill's line per region: quantity in bytes (hour_flow) or bit/s (day_bandwidth, the day's peak) over the
-- whole period, its exact amount and, as JSON, each tier's quantity, unit, unit price and amount.
create table bill_line (
    owner_id     bigint         not null,
    bill_type    varchar(32)    not null,
    period_start timestamp with time zone not null,
    supplement   integer        not null,
    region       varchar(8)     not null,
    quantity     bigint         not null,
    amount       numeric(24, 8) not null,
    tiers        varchar(4000)  not null,
    constraint pk_bill_line primary key (owner_id, bill_type, period_start, supplement, region),
    constraint fk_bill_line_bill foreign key (owner_id, bill_type, period_start, supplement)
        references bill (owner_id, bill_type, period_start, supplement)
);

-- Usage not yet billed: a mark per account and UTC hour with new samples, written in the transaction that
-- stores them. changes counts the batches that touched the hour; a billing run removes a mark only if it is
-- unchanged since the run read it, so samples committed while a run bills the hour are billed by a later run.
create table unbilled_usage (
    owner_id   bigint not null,
    hour_start timestamp with time zone not null,
    changes    bigint not null,
    constraint pk_unbilled_usage primary key (owner_id, hour_start)
);

-- the marks above tell a run which samples are new; received_at stays as a record, no longer searched
drop index ix_usage_sample_received;
