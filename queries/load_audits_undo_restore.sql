-- Undo, step 2: puts back the audits the upload replaced, exactly as they were.
-- Params: $upload_id (integer)
insert into case_audit
    (case_ref, audit_date, audit_type, team, scale, grade, score, themes, upload_id)
select case_ref, audit_date, audit_type, team, scale, grade, score, themes, upload_id
from upload_replaced_case_audit
where replaced_by = $upload_id and action = 'replaced'
