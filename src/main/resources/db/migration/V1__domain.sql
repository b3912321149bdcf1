-- The application's own tables. Camunda manages its own schema.
create table account (
    owner_id            bigint         not null primary key,
    owner_account       varchar(128),
    real_name_verified  boolean        not null,
    profile_complete    boolean        not null,
    site                varchar(16)    not null,
    intl_allowed        boolean        not null,
    bid_user            boolean        not null,
    pay_method_valid    boolean        not null,
    balance             numeric(19, 2) not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             bigint         not null,
    constraint uk_account_owner_account unique (owner_account)
);

create sequence cdn_order_seq start with 1 increment by 50;

create table cdn_order (
    id                   bigint      not null primary key,
    owner_id             bigint      not null references account (owner_id),
    -- the owner while the order is accepted or activated, null once it is rejected or cancelled:
    -- at most one live order per account, enforced here
    active_owner_id      bigint,
    internet_charge_type varchar(32) not null,
    status               varchar(16) not null,
    request_id           varchar(64),
    end_reason           varchar(512),
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    activated_at         timestamp with time zone,
    version              bigint      not null,
    constraint uk_cdn_order_active_owner unique (active_owner_id)
);

create index ix_cdn_order_owner on cdn_order (owner_id);

create sequence cdn_service_seq start with 1 increment by 50;

create table cdn_service (
    id                   bigint      not null primary key,
    owner_id             bigint      not null references account (owner_id),
    instance_id          varchar(64) not null,
    internet_charge_type varchar(32) not null,
    opened_at            timestamp with time zone not null,
    status               varchar(16) not null,
    order_id             bigint references cdn_order (id),
    version              bigint      not null,
    constraint uk_cdn_service_owner unique (owner_id),
    constraint uk_cdn_service_instance unique (instance_id)
);
