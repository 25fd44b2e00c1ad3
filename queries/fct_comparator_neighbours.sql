-- One council's statistical neighbours in one model, closest first, with a name for each
-- (from the neighbour file, else the council's latest name in the DfE figures).
-- Params: $la_code (varchar, 3-digit LA code), $model_year (integer).
with la_names as (
    select la_code, arg_max(area_name, year) as area_name
    from comparator
    where geographic_level = 'Local authority'
    group by la_code
)

select
    n.model_year,
    n.la_code,
    n.neighbour_rank,
    n.neighbour_code,
    coalesce(n.neighbour_name, l.area_name, n.neighbour_code) as neighbour_name,
    n.closeness
from stat_neighbour as n
left join la_names as l on n.neighbour_code = l.la_code
where n.la_code = $la_code and n.model_year = $model_year
order by n.neighbour_rank
