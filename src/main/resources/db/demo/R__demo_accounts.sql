-- Demo accounts: OwnerId to outcome of OpenCdnService (see README). Inserted only where missing, so
-- every node may run it and an operator's changes survive restarts.
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
    (1012, 'demo-1012@example.com', true,  true,  'DOMESTIC',      false, false, true,  100.00)
) as d (owner_id, owner_account, real_name_verified, profile_complete, site, intl_allowed, bid_user,
        pay_method_valid, balance)
on a.owner_id = d.owner_id
when not matched then insert (owner_id, owner_account, real_name_verified, profile_complete, site, intl_allowed,
        bid_user, pay_method_valid, balance, created_at, updated_at, version)
    values (d.owner_id, d.owner_account, d.real_name_verified, d.profile_complete, d.site, d.intl_allowed,
        d.bid_user, d.pay_method_valid, d.balance, current_timestamp, current_timestamp, 0);

-- 1010 opened its service three days before the demo's first start (so usage of the last three days may be
-- posted for it): an activated order and its service. Ids far from the sequences' range.
merge into cdn_order o
using (values (900001010, 1010)) as d (id, owner_id)
on o.id = d.id
when not matched then insert (id, owner_id, active_owner_id, internet_charge_type, status, request_id, created_at,
        updated_at, activated_at, version)
    values (d.id, d.owner_id, d.owner_id, 'PayByTraffic', 'ACTIVATED', 'DEMO-SEED',
        current_timestamp - interval '3' day, current_timestamp - interval '3' day,
        current_timestamp - interval '3' day, 0);

merge into cdn_service s
using (values (900001010, 1010)) as d (id, owner_id)
on s.owner_id = d.owner_id
when not matched then insert (id, owner_id, instance_id, internet_charge_type, opened_at, status, order_id, version)
    values (d.id, d.owner_id, 'cdn-1010', 'PayByTraffic', current_timestamp - interval '3' day, 'OPENED', d.id, 0);

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
