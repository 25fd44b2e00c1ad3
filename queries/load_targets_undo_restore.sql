-- Undo, step 2: puts back the targets the upload replaced, exactly as they were.
-- Params: $upload_id (integer)
insert into target (measure_id, effective_from, target, tolerance, kind, upload_id)
select measure_id, effective_from, target, tolerance, kind, upload_id
from upload_replaced_target
where replaced_by = $upload_id and action = 'replaced'
