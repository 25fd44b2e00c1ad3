-- Keeps each audit the load is about to replace (or that it carries unchanged), so an undo can
-- restore it. Reads incoming_audits. Params: $upload_id (integer, the load)
insert into upload_replaced_case_audit
select
    $upload_id as replaced_by,
    case
        when
            a.team is not distinct from i.team
            and a.scale is not distinct from i.scale
            and a.grade is not distinct from i.grade
            and a.score is not distinct from i.score
            and a.themes is not distinct from i.themes
            then 'unchanged'
        else 'replaced'
    end as action,
    a.case_ref,
    a.audit_date,
    a.audit_type,
    a.team,
    a.scale,
    a.grade,
    a.score,
    a.themes,
    a.upload_id
from case_audit as a
inner join incoming_audits as i
    on a.case_ref = i.case_ref and a.audit_date = i.audit_date and a.audit_type = i.audit_type
