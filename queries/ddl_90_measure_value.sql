-- Every monthly figure the pages show: computed figures take precedence over uploaded ones for
-- the same measure, month and team; source says which.
create or replace view measure_value as
select
    measure_id,
    month,
    team,
    numerator,
    denominator,
    value,
    cast(null as varchar) as symbol,
    cast(null as integer) as upload_id,
    'computed from records' as source
from computed_observation
union all
select
    o.measure_id,
    o.month,
    o.team,
    o.numerator,
    o.denominator,
    o.value,
    o.symbol,
    o.upload_id,
    'uploaded' as source
from observation as o
anti join computed_observation as c
    on o.measure_id = c.measure_id and o.month = c.month and o.team = c.team
