-- One row: how many incoming figures would be added, would replace a different figure, or are
-- the same as the figure already held. Reads incoming_measures.
select
    count(*) filter (where o.measure_id is null) as added,
    count(*) filter (
        where o.measure_id is not null
        and (
            o.numerator is distinct from i.numerator
            or o.denominator is distinct from i.denominator
            or o.value is distinct from i.value
            or o.symbol is distinct from i.symbol
        )
    ) as replaced,
    count(*) filter (
        where o.measure_id is not null
        and o.numerator is not distinct from i.numerator
        and o.denominator is not distinct from i.denominator
        and o.value is not distinct from i.value
        and o.symbol is not distinct from i.symbol
    ) as unchanged
from incoming_measures as i
left join observation as o
    on i.measure_id = o.measure_id and i.month = o.month and i.team = o.team
