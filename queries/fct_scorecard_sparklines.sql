-- One row per measure and month for the 12 months up to and including $month, for one team,
-- with the target in force each month: the scorecard's sparklines.
-- Params: $month (date, first of month), $team (varchar)
select
    o.measure_id,
    o.month,
    o.value,
    t.target
from measure_value as o
asof left join target as t
    on o.measure_id = t.measure_id and o.month >= t.effective_from
where
    o.team = $team
    and o.month <= $month
    and o.month > cast($month as date) - interval 12 month
order by o.measure_id, o.month
