-- Writes each incoming target that is new or different; identical ones are left alone.
-- Reads incoming_targets. Params: $upload_id (integer)
insert or replace into target (measure_id, effective_from, target, tolerance, kind, upload_id)
select
    i.measure_id,
    i.effective_from,
    i.target,
    i.tolerance,
    i.kind,
    $upload_id as upload_id
from incoming_targets as i
left join target as t
    on i.measure_id = t.measure_id and i.effective_from = t.effective_from
where
    t.measure_id is null
    or t.target is distinct from i.target
    or t.tolerance is distinct from i.tolerance
    or t.kind is distinct from i.kind
