-- One row per team and month for one measure (every team, 'All' included), with the target.
-- The target is looked up once per month, then joined: far cheaper than an as-of join per row.
-- Params: $measure_id (varchar)
with series as (
    select team, month, value, numerator, denominator
    from measure_value
    where measure_id = $measure_id
),

target_by_month as (
    select
        m.month,
        t.target,
        coalesce(t.tolerance, d.default_tolerance) as tolerance
    from (select distinct month from series) as m
    asof left join (select * from target where measure_id = $measure_id) as t
        on m.month >= t.effective_from
    cross join (select default_tolerance from measure where measure_id = $measure_id) as d
)

select
    s.team,
    s.month,
    s.value,
    s.numerator,
    s.denominator,
    tm.target,
    tm.tolerance
from series as s
left join target_by_month as tm on s.month = tm.month
order by s.team = 'All' desc, s.team, s.month
