-- Undo, step 2: puts back the figures the upload replaced, exactly as they were.
-- Params: $upload_id (integer)
insert into observation
    (measure_id, month, team, numerator, denominator, value, symbol, upload_id)
select measure_id, month, team, numerator, denominator, value, symbol, upload_id
from upload_replaced_observation
where replaced_by = $upload_id and action = 'replaced'
