-- Keeps each figure the load is about to replace (or that it carries unchanged), so an undo
-- can restore it. Reads incoming_measures. Params: $upload_id (integer, the load)
insert into upload_replaced_observation
select
    $upload_id as replaced_by,
    case
        when
            o.numerator is not distinct from i.numerator
            and o.denominator is not distinct from i.denominator
            and o.value is not distinct from i.value
            and o.symbol is not distinct from i.symbol
            then 'unchanged'
        else 'replaced'
    end as action,
    o.measure_id,
    o.month,
    o.team,
    o.numerator,
    o.denominator,
    o.value,
    o.symbol,
    o.upload_id
from observation as o
inner join incoming_measures as i
    on o.measure_id = i.measure_id and o.month = i.month and o.team = i.team
