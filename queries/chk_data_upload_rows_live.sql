-- Figures and targets that claim to come from an upload that is not loaded (undone or
-- refused): an undo or a failed load left rows behind. Zero rows = pass.
select 'observation' as table_name, o.measure_id, o.upload_id, u.status
from observation as o
inner join upload as u on o.upload_id = u.upload_id
where u.status <> 'loaded'
union all
select 'target' as table_name, t.measure_id, t.upload_id, u.status
from target as t
inner join upload as u on t.upload_id = u.upload_id
where u.status <> 'loaded'
