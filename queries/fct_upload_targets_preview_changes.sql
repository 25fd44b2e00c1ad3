-- One row per incoming target that is new or differs from the one held: old -> new, replaced
-- first. Reads incoming_targets. Params: $limit (integer, most rows to return)
select
    case when t.measure_id is null then 'add' else 'replace' end as action,
    i.measure_id,
    i.effective_from,
    t.target as old_target,
    i.target as new_target,
    t.tolerance as old_tolerance,
    i.tolerance as new_tolerance,
    t.kind as old_kind,
    i.kind as new_kind
from incoming_targets as i
left join target as t
    on i.measure_id = t.measure_id and i.effective_from = t.effective_from
where
    t.measure_id is null
    or t.target is distinct from i.target
    or t.tolerance is distinct from i.tolerance
    or t.kind is distinct from i.kind
order by action desc, i.measure_id, i.effective_from
limit $limit
