-- Undo, step 2: puts back the comparator rows the upload replaced. Params: $upload_id (integer).
insert into comparator
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
    symbol,
    upload_id
from comparator_replaced
where replaced_by = $upload_id
