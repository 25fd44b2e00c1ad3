-- One row per measure with DfE figures loaded: its table and the years held.
select
    measure_id,
    min(source_table) as source_table,
    min(year) as first_year,
    max(year) as last_year,
    count(*) as figures
from comparator
group by measure_id
order by measure_id
