-- Keeps each target the load is about to replace (or that it carries unchanged), so an undo
-- can restore it. Reads incoming_targets. Params: $upload_id (integer, the load)
insert into upload_replaced_target
select
    $upload_id as replaced_by,
    case
        when
            t.target is not distinct from i.target
            and t.tolerance is not distinct from i.tolerance
            and t.kind is not distinct from i.kind
            then 'unchanged'
        else 'replaced'
    end as action,
    t.measure_id,
    t.effective_from,
    t.target,
    t.tolerance,
    t.kind,
    t.upload_id
from target as t
inner join incoming_targets as i
    on t.measure_id = i.measure_id and t.effective_from = i.effective_from
