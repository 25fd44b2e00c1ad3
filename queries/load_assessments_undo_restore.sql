-- Undo, step 2: puts back the assessment records the upload replaced, exactly as they were.
-- Params: $upload_id (integer)
insert into assessment
    (child_id, start_date, authorised_date, team, outcome, upload_id)
select child_id, start_date, authorised_date, team, outcome, upload_id
from upload_replaced_assessment
where replaced_by = $upload_id and action = 'replaced'
