-- Audit rows that claim to come from an upload that is not loaded (undone or refused): an undo
-- or a failed load left rows behind. Zero rows = pass.
select d.case_ref, d.audit_date, d.upload_id, u.status
from case_audit as d
inner join upload as u on d.upload_id = u.upload_id
where u.status <> 'loaded'
