-- When the suspension of a debt's service was requested: written by *Mark account overdue*, committed before
-- *Suspend CDN service* (asynchronous) first calls the backend, so it stays even when the suspend job's
-- transaction rolls back after the backend did the work (its answer lost, a timeout, the node killed): whoever closes the debt
-- then resumes the service at the backend although suspended_at is empty (docs/overdue.md).
alter table account_debt add column suspension_requested_at timestamp with time zone;
