-- One row per measure in the catalogue, in board order.
select
    measure_id,
    title,
    short_title,
    area,
    unit,
    polarity,
    decimals,
    default_tolerance,
    definition,
    source,
    comparator,
    sort_order
from measure
order by sort_order, measure_id
