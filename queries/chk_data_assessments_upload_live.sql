-- Assessment records that claim to come from an upload that is not loaded (undone or
-- refused): an undo or a failed load left rows behind. Zero rows = pass.
select a.child_id, a.start_date, a.upload_id, u.status
from assessment as a
inner join upload as u on a.upload_id = u.upload_id
where u.status <> 'loaded'
