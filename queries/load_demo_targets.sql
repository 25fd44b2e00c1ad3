-- Adds the demo target trajectories (registered as incoming_targets).
-- Params: $upload_id (integer)
insert or replace into target
select measure_id, effective_from, target, tolerance, kind, $upload_id
from incoming_targets
