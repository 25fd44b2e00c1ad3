-- One row per month for one measure and team: the figure and the target in force that month.
-- Params: $measure_id (varchar), $team (varchar, 'All' for the whole council)
select
    o.month,
    o.value,
    o.numerator,
    o.denominator,
    o.symbol,
    t.target,
    coalesce(t.tolerance, m.default_tolerance) as tolerance,
    t.kind as target_kind,
    o.upload_id,
    o.source
from measure_value as o
inner join measure as m on o.measure_id = m.measure_id
asof left join target as t
    on o.measure_id = t.measure_id and o.month >= t.effective_from
where o.measure_id = $measure_id and o.team = $team
order by o.month
