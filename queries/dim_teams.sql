-- One row per team with figures for a measure; 'All' (whole council) first.
-- Params: $measure_id (varchar)
select distinct team
from measure_value
where measure_id = $measure_id
order by team = 'All' desc, team
