-- When the provisioning backend was first asked to take the service offline for a debt. Written in its own
-- transaction before the call (SuspensionRequests), so it stays even when the suspend job's transaction rolls
-- back after the backend did the work (its answer lost, a timeout, the node killed): whoever closes the debt
-- then resumes the service at the backend although suspended_at is empty (docs/overdue.md).
alter table account_debt add column suspension_requested_at timestamp with time zone;
