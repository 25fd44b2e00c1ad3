-- Percentages outside 0-100 (a % measure's value is on the 0-100 scale). Zero rows = pass.
select o.measure_id, o.month, o.team, o.value
from observation as o
inner join measure as m on o.measure_id = m.measure_id
where m.unit = '%' and (o.value < 0 or o.value > 100)
