-- One row per month that has whole-council figures, latest first.
select distinct month
from measure_value
where team = 'All'
order by month desc
