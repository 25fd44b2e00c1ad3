-- One row per team that has any figures; 'All' (whole council) first.
select distinct team
from measure_value
order by team = 'All' desc, team
