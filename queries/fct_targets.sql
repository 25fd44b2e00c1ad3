-- One row per step of a measure's target trajectory.
-- Params: $measure_id (varchar)
select effective_from, target, tolerance, kind
from target
where measure_id = $measure_id
order by effective_from
