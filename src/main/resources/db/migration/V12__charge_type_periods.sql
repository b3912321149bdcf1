-- The charge type of each account's service over time: a row from the moment the service opened, and a row
-- from each change's effective time (00:00 Beijing) once it is in force. A period is billed by the type in
-- force at its start (org.cdnbilling.cdnservice.ChargeTypeHistory).
create table charge_type_period (
    owner_id    bigint      not null references account (owner_id),
    starts_at   timestamp with time zone not null,
    charge_type varchar(32) not null,
    constraint pk_charge_type_period primary key (owner_id, starts_at)
);

insert into charge_type_period (owner_id, starts_at, charge_type)
select owner_id, opened_at, internet_charge_type from cdn_service;
