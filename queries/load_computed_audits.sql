-- Rebuilds the monthly figures computed from case audits: one row per measure, month of the
-- audit and team, plus team 'All' (the whole council). A grade is good or better when it bands
-- (audit_band) to Outstanding or Good.
-- Params: $outstanding_from, $good_from, $inadequate_upto (double, thresholds for 0-10 scores)
insert into computed_observation (measure_id, month, team, numerator, denominator, value)
with graded as (
    select
        team,
        cast(date_trunc('month', audit_date) as date) as month,
        audit_band(scale, score, $outstanding_from, $good_from, $inadequate_upto) as grade
    from case_audit
),

counted as (
    select
        month,
        case when grouping(team) = 1 then 'All' else team end as team,
        count(*) as n,
        count(*) filter (where grade in ('Outstanding', 'Good')) as good_or_better,
        count(*) filter (where grade = 'Inadequate') as inadequate
    from graded
    group by grouping sets ((month, team), (month))
)

select 'audits_good_or_better_pct', month, team, good_or_better, n, 100.0 * good_or_better / n
from counted
union all
select 'audits_inadequate_pct', month, team, inadequate, n, 100.0 * inadequate / n
from counted
