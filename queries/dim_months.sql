-- One row per month that has whole-council figures, latest first.
select distinct month
from observation
where team = 'All'
order by month desc
