-- One row per measure in the catalogue: its figure for one team in a month, the month before,
-- and the target in force. Measures with no figure that month still appear (value null).
-- Params: $month (date, first of month), $team (varchar, 'All' for the whole council)
with this_month as (
    select measure_id, value, numerator, denominator, symbol, source
    from measure_value
    where month = $month and team = $team
),

last_month as (
    select measure_id, value as previous_value
    from measure_value
    where month = cast($month as date) - interval 1 month and team = $team
),

target_now as (
    select measure_id, target, tolerance, kind, effective_from
    from target
    where effective_from <= $month
    qualify row_number() over (partition by measure_id order by effective_from desc) = 1
)

select
    m.measure_id,
    m.title,
    m.short_title,
    m.area,
    m.unit,
    m.polarity,
    m.decimals,
    m.definition,
    m.source,
    m.sort_order,
    c.value,
    c.numerator,
    c.denominator,
    c.symbol,
    c.source as figure_source,
    p.previous_value,
    t.target,
    coalesce(t.tolerance, m.default_tolerance) as tolerance,
    t.kind as target_kind,
    t.effective_from as target_from
from measure as m
left join this_month as c on m.measure_id = c.measure_id
left join last_month as p on m.measure_id = p.measure_id
left join target_now as t on m.measure_id = t.measure_id
order by m.sort_order
