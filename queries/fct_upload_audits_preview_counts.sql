-- One row: how many incoming audits would be added, would replace a different result for the
-- same case, date and audit type, or are the same as the one held. Reads incoming_audits.
select
    count(*) filter (where a.case_ref is null) as added,
    count(*) filter (
        where a.case_ref is not null
        and (
            a.team is distinct from i.team
            or a.scale is distinct from i.scale
            or a.grade is distinct from i.grade
            or a.score is distinct from i.score
            or a.themes is distinct from i.themes
        )
    ) as replaced,
    count(*) filter (
        where a.case_ref is not null
        and a.team is not distinct from i.team
        and a.scale is not distinct from i.scale
        and a.grade is not distinct from i.grade
        and a.score is not distinct from i.score
        and a.themes is not distinct from i.themes
    ) as unchanged
from incoming_audits as i
left join case_audit as a
    on i.case_ref = a.case_ref and i.audit_date = a.audit_date and i.audit_type = a.audit_type
