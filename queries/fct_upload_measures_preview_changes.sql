-- One row per incoming figure that is new or differs from the one held: old -> new, replaced
-- first. Reads incoming_measures. Params: $limit (integer, most rows to return)
select
    case when o.measure_id is null then 'add' else 'replace' end as action,
    i.measure_id,
    i.month,
    i.team,
    o.value as old_value,
    i.value as new_value,
    o.numerator as old_numerator,
    i.numerator as new_numerator,
    o.denominator as old_denominator,
    i.denominator as new_denominator,
    o.symbol as old_symbol,
    i.symbol as new_symbol
from incoming_measures as i
left join observation as o
    on i.measure_id = o.measure_id and i.month = o.month and i.team = o.team
where
    o.measure_id is null
    or o.numerator is distinct from i.numerator
    or o.denominator is distinct from i.denominator
    or o.value is distinct from i.value
    or o.symbol is distinct from i.symbol
order by action desc, i.measure_id, i.month, i.team
limit $limit
