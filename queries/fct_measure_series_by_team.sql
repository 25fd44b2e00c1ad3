-- One row per team and month for one measure (every team, 'All' included), with the target.
-- Params: $measure_id (varchar)
select
    o.team,
    o.month,
    o.value,
    o.numerator,
    o.denominator,
    o.symbol,
    t.target,
    coalesce(t.tolerance, m.default_tolerance) as tolerance
from measure_value as o
inner join measure as m on o.measure_id = m.measure_id
asof left join target as t
    on o.measure_id = t.measure_id and o.month >= t.effective_from
where o.measure_id = $measure_id
order by o.team = 'All' desc, o.team, o.month
