-- A charge type change submitted by ModifyCdnService, effective at the next 00:00 Beijing time.
alter table cdn_service add column changing_charge_type varchar(32);
alter table cdn_service add column changing_affect_time timestamp with time zone;
