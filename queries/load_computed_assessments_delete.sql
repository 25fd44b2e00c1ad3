-- Stage 2a of rebuilding the figures computed from assessment records: removes each held figure
-- that changed or vanished (computed_assessments_changed, load_computed_assessments_stage).
delete from computed_observation as c
using computed_assessments_changed as x
where c.measure_id = x.measure_id and c.month = x.month and c.team = x.team
