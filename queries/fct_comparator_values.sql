-- Every published figure for one measure: England, each region and each council, every year.
-- Params: $measure_id (varchar).
select
    source_table,
    measure_id,
    year,
    period_end,
    geographic_level,
    area_code,
    area_name,
    region_code,
    region_name,
    la_code,
    gss_code,
    numerator,
    denominator,
    value,
    symbol
from comparator
where measure_id = $measure_id
order by year, geographic_level, area_code
