-- Stage 1 of rebuilding the monthly figures computed from assessment records: every figure, one
-- row per measure, month and team, plus team 'All' (the whole council), into a temporary table
-- (stage 2 writes only what changed: load_computed_assessments_delete, load_computed_assessments).
-- Working days (DOMAIN.md, CONTRACT rule 1) are a subtraction of two calendar indexes: the days
-- after the start up to and including the end, weekends, bank holidays and local closures out.
-- A completed assessment counts in the month of its authorisation (timeliness, count, median).
-- The backlog counts, at each month end, every open assessment already past 45 working days:
-- open at a month end means started on or before it and not authorised on or before it (rule 3);
-- past 45 means the month end is on or after the 46th working day after the start. Month ends
-- run from the first month with an authorisation (before it the extract is not complete) to the
-- last month any record mentions, and only month ends that have passed.
-- Params: $today (date)
create or replace temp table computed_assessments_new as
with base as (
    -- Each record's working-day indexes: one pass over the records, the calendar joined twice.
    select
        a.team,
        a.authorised_date,
        s.working_day_index as start_ix,
        e.working_day_index - s.working_day_index as wd
    from assessment as a
    inner join calendar as s on a.start_date = s.date
    left join calendar as e on a.authorised_date = e.date
),

done as (
    select
        team,
        cast(date_trunc('month', authorised_date) as date) as month,
        wd
    from base
    where authorised_date is not null
),

completed as (
    -- Each team, then the whole council (two plain groupings: a median under grouping sets
    -- costs twice as much).
    select
        month,
        team,
        count(*) as n,
        count(*) filter (where wd <= 45) as within_45,
        count(*) filter (where wd <= 20) as within_20,
        median(wd) as median_wd
    from done
    group by month, team
    union all
    select
        month,
        'All' as team,
        count(*) as n,
        count(*) filter (where wd <= 45) as within_45,
        count(*) filter (where wd <= 20) as within_20,
        median(wd) as median_wd
    from done
    group by month
),

span as (
    -- Truncate after min/max (monotonic, same answer): once, not once per record.
    select
        coalesce(
            date_trunc('month', min(authorised_date)),
            date_trunc('month', max(start_date))
        ) as first_month,
        date_trunc('month', max(coalesce(authorised_date, start_date))) as last_month
    from assessment
),

month_ends as (
    select cast(m.month as date) as month
    from (
        select unnest(generate_series(first_month, last_month, interval 1 month)) as month
        from span
    ) as m
    where last_day(m.month) <= $today
),

late as (
    -- The run of month ends at which each assessment was open and past 45 working days (only
    -- those still open or authorised after 45 working days can have one).
    select
        b.team,
        cast(date_trunc('month', d46.date) as date) as first_month,
        coalesce(
            cast(date_trunc('month', b.authorised_date) - interval 1 month as date),
            (select max(month) from month_ends)
        ) as last_month
    from base as b
    inner join calendar as d46
        on d46.working_day_index = b.start_ix + 46 and d46.is_working_day
    where b.authorised_date is null or b.wd > 45
),

runs as (
    select
        team,
        greatest(first_month, (select min(month) from month_ends)) as first_month,
        last_month
    from late
    where last_month >= greatest(first_month, (select min(month) from month_ends))
),

steps as (
    select team, month, sum(step) as step
    from (
        select team, first_month as month, 1 as step from runs
        union all
        select team, cast(last_month + interval 1 month as date) as month, -1 as step from runs
    )
    group by team, month
),

backlog as (
    select
        t.team,
        m.month,
        sum(coalesce(s.step, 0)) over (partition by t.team order by m.month) as open_over_45
    from (select distinct team from assessment) as t
    cross join month_ends as m
    left join steps as s on t.team = s.team and m.month = s.month
)

select
    'assessments_completed' as measure_id,
    month,
    team,
    cast(null as double) as numerator,
    cast(null as double) as denominator,
    cast(n as double) as value
from completed
union all
select 'assessments_within_45wd_pct', month, team, within_45, n, 100.0 * within_45 / n
from completed
union all
select 'assessments_within_20wd_pct', month, team, within_20, n, 100.0 * within_20 / n
from completed
union all
select 'assessments_median_wd', month, team, null, n, median_wd
from completed
union all
select 'open_assessments_over_45wd', month, team, null, null, open_over_45
from backlog
union all
select 'open_assessments_over_45wd', month, 'All', null, null, sum(open_over_45)
from backlog
group by month
