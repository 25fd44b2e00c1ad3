-- Adds an upload's DfE figures from the registered, parsed frame incoming_dfe.
-- Params: $upload_id (integer, null for the published copies seeded with the demo).
insert into comparator
select
    source_table,
    measure_id,
    cast(year as integer),
    cast(period_end as date),
    geographic_level,
    area_code,
    area_name,
    region_code,
    region_name,
    la_code,
    gss_code,
    cast(numerator as double),
    cast(denominator as double),
    cast(value as double),
    symbol,
    cast($upload_id as integer)
from incoming_dfe
