-- One row per statistical-neighbour model loaded (e.g. 2021, 2025), latest last.
select model_year, count(distinct la_code) as councils
from stat_neighbour
group by model_year
order by model_year
