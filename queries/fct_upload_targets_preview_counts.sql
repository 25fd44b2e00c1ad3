-- One row: how many incoming targets would be added, would replace a different target, or are
-- the same as the target already held. Reads incoming_targets.
select
    count(*) filter (where t.measure_id is null) as added,
    count(*) filter (
        where t.measure_id is not null
        and (
            t.target is distinct from i.target
            or t.tolerance is distinct from i.tolerance
            or t.kind is distinct from i.kind
        )
    ) as replaced,
    count(*) filter (
        where t.measure_id is not null
        and t.target is not distinct from i.target
        and t.tolerance is not distinct from i.tolerance
        and t.kind is not distinct from i.kind
    ) as unchanged
from incoming_targets as i
left join target as t
    on i.measure_id = t.measure_id and i.effective_from = t.effective_from
