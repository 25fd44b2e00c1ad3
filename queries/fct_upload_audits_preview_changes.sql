-- One row per incoming audit that is new or differs from the one held: old -> new, replaced
-- first. Reads incoming_audits. Params: $limit (integer, most rows to return)
select
    case when a.case_ref is null then 'add' else 'replace' end as action,
    i.case_ref,
    i.audit_date,
    i.audit_type,
    a.team as old_team,
    i.team as new_team,
    a.grade as old_grade,
    i.grade as new_grade,
    a.themes as old_themes,
    i.themes as new_themes
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
order by action desc, i.audit_date, i.case_ref
limit $limit
