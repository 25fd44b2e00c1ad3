-- Stage 1 of rebuilding the monthly figures computed from assessment records: computes every
-- figure afresh - one row per measure, month and team, plus team 'All' (the whole council) - and
-- keeps in a temporary table only the figures that differ from those held (stage 2,
-- load_computed_assessments_delete and load_computed_assessments, writes just those: a load
-- usually changes a few months). One row per added, changed or vanished figure; gone is true
-- for a vanished one.
-- Working days (DOMAIN.md, CONTRACT rule 1) are a subtraction of two calendar indexes: the days
-- after the start up to and including the end, weekends, bank holidays and local closures out.
-- Every date is in the calendar (uploads reject dates before it starts and in the future).
-- A completed assessment counts in the month of its authorisation (timeliness, count, median).
-- The backlog counts, at each month end, every open assessment already past 45 working days:
-- open at a month end means started on or before it and not authorised on or before it (rule 3);
-- past 45 means the month end is on or after the 46th working day after the start. So each
-- assessment that is still open or took over 45 working days adds one from the month of its
-- 46th working day, and takes it away again from the month it was authorised: the backlog is a
-- running total of those steps. Month ends run from the first month with an authorisation
-- (before it the extract is not complete) to the last month any record mentions, and only
-- month ends that have passed.
-- Written for speed at national scale (6.5M records, benchmarks/bench_timeliness.py): each
-- part reads the records directly (a shared CTE over them is materialised, which costs more
-- than reading twice), months come from the calendar's 15k dates rather than being truncated
-- on every record, inner joins only, and the council-wide median comes from a histogram.
-- Params: $today (date)
create or replace temp table computed_assessments_changed as
with cal as (
    select
        date,
        working_day_index,
        is_working_day,
        cast(date_trunc('month', date) as date) as month
    from calendar
),

by_team as (
    select
        e.month,
        a.team,
        count(*) as n,
        count(*) filter (where e.working_day_index - s.working_day_index <= 45) as within_45,
        count(*) filter (where e.working_day_index - s.working_day_index <= 20) as within_20,
        -- smallint: collecting and sorting narrower values is faster (at most ~10.7k WD)
        median(cast(e.working_day_index - s.working_day_index as smallint)) as median_wd
    from assessment as a
    inner join cal as s on a.start_date = s.date
    inner join cal as e on a.authorised_date = e.date
    group by e.month, a.team
),

durations as (
    -- How many assessments authorised in each month took each number of working days.
    select
        e.month,
        cast(e.working_day_index - s.working_day_index as smallint) as wd,
        count(*) as n
    from assessment as a
    inner join cal as s on a.start_date = s.date
    inner join cal as e on a.authorised_date = e.date
    group by all
),

council_median as (
    -- The median from the histogram: the mean of the values at the two middle positions
    -- (0-based (n - 1) // 2 and n // 2), each the first duration whose running count passes it.
    select
        month,
        (
            min(wd) filter (where running > (total - 1) // 2)
            + min(wd) filter (where running > total // 2)
        ) / 2 as median_wd
    from (
        select
            month,
            wd,
            sum(n) over (partition by month order by wd) as running,
            sum(n) over (partition by month) as total
        from durations
    )
    group by month
),

completed as (
    select month, team, n, within_45, within_20, median_wd from by_team
    union all
    select
        t.month,
        'All' as team,
        sum(t.n) as n,
        sum(t.within_45) as within_45,
        sum(t.within_20) as within_20,
        any_value(m.median_wd) as median_wd
    from by_team as t
    inner join council_median as m on t.month = m.month
    group by t.month
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

past_45 as (
    -- Steps up: each assessment still open or authorised after 45 working days (on or after
    -- its 46th working day), in the month of that 46th working day.
    select a.team, d46.month, count(*) as step
    from assessment as a
    inner join cal as s on a.start_date = s.date
    inner join cal as d46
        on d46.working_day_index = s.working_day_index + 46 and d46.is_working_day
    where a.authorised_date is null or a.authorised_date >= d46.date
    group by all
),

steps as (
    -- Steps down (authorised after 45 working days: n - within_45 in their month), and a zero
    -- for every team at every month end so each has a figure.
    select team, month, sum(step) as step
    from (
        select team, month, step from past_45
        union all
        select team, month, -(n - within_45) as step from by_team where n > within_45
        union all
        select t.team, m.month, 0 as step
        from (select distinct team from assessment) as t
        cross join month_ends as m
    )
    group by team, month
),

backlog as (
    select
        team,
        month,
        sum(step) over (partition by team order by month) as open_over_45
    from steps
    qualify month in (select month from month_ends)
),

figures as (
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
),

held as (
    select measure_id, month, team, numerator, denominator, value
    from computed_observation
    where measure_id in (
        'assessments_within_45wd_pct',
        'assessments_within_20wd_pct',
        'assessments_completed',
        'assessments_median_wd',
        'open_assessments_over_45wd'
    )
)

select
    coalesce(f.measure_id, h.measure_id) as measure_id,
    coalesce(f.month, h.month) as month,
    coalesce(f.team, h.team) as team,
    f.numerator,
    f.denominator,
    f.value,
    f.measure_id is null as gone
from figures as f
full join held as h
    on f.measure_id = h.measure_id and f.month = h.month and f.team = h.team
where
    f.measure_id is null
    or h.measure_id is null
    or f.numerator is distinct from h.numerator
    or f.denominator is distinct from h.denominator
    or f.value is distinct from h.value
