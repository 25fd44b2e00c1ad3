-- One row per incoming assessment record that is new or differs from the one held: old -> new,
-- replaced first (e.g. an open assessment now authorised). Reads incoming_assessments.
-- Params: $limit (integer, most rows to return)
select
    case when a.child_id is null then 'add' else 'replace' end as action,
    i.child_id,
    i.start_date,
    a.authorised_date as old_authorised_date,
    i.authorised_date as new_authorised_date,
    a.team as old_team,
    i.team as new_team,
    a.outcome as old_outcome,
    i.outcome as new_outcome
from incoming_assessments as i
left join assessment as a
    on i.child_id = a.child_id and i.start_date = a.start_date
where
    a.child_id is null
    or a.authorised_date is distinct from i.authorised_date
    or a.team is distinct from i.team
    or a.outcome is distinct from i.outcome
order by action desc, i.start_date, i.child_id
limit $limit
