-- Writes each incoming audit that is new or different, keyed by case, audit date and audit
-- type; identical ones stay the earlier upload's. Reads incoming_audits.
-- Params: $upload_id (integer)
insert or replace into case_audit
    (case_ref, audit_date, audit_type, team, scale, grade, score, themes, upload_id)
select
    i.case_ref,
    i.audit_date,
    i.audit_type,
    i.team,
    i.scale,
    i.grade,
    i.score,
    i.themes,
    $upload_id as upload_id
from incoming_audits as i
left join case_audit as a
    on i.case_ref = a.case_ref and i.audit_date = a.audit_date and i.audit_type = a.audit_type
where
    a.case_ref is null
    or a.team is distinct from i.team
    or a.scale is distinct from i.scale
    or a.grade is distinct from i.grade
    or a.score is distinct from i.score
    or a.themes is distinct from i.themes
