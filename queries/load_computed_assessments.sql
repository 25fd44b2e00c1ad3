-- Stage 2b of rebuilding the figures computed from assessment records: adds each new or changed
-- figure (computed_assessments_changed, load_computed_assessments_stage); figures that did not
-- change are left as they are (rewriting all of them costs seconds at national scale).
insert into computed_observation (measure_id, month, team, numerator, denominator, value)
select measure_id, month, team, numerator, denominator, value
from computed_assessments_changed
where not gone
