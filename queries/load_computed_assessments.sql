-- Stage 2b of rebuilding the figures computed from assessment records: adds each new or changed
-- figure from the staged table (load_computed_assessments_stage); figures that did not change
-- are left as they are (rewriting all of them costs seconds at national scale).
insert into computed_observation (measure_id, month, team, numerator, denominator, value)
select n.measure_id, n.month, n.team, n.numerator, n.denominator, n.value
from computed_assessments_new as n
anti join computed_observation as c
    on n.measure_id = c.measure_id and n.month = c.month and n.team = c.team
