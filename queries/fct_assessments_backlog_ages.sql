-- One row per month end and age band: how many assessments were open at that month end, by how
-- many working days they had been open (a month end with none open: one row, band null). The month ends are those of the backlog measure
-- (open_assessments_over_45wd), so the bands over 45 add up to it. Open at a month end: started
-- on or before it, not authorised on or before it.
-- Params: $team (varchar, 'All' for the whole council)
with month_ends as (
    select month, last_day(month) as month_end
    from computed_observation
    where measure_id = 'open_assessments_over_45wd' and team = 'All'
),

open_at as (
    select
        m.month,
        e.working_day_index - s.working_day_index as wd
    from month_ends as m
    inner join calendar as e on m.month_end = e.date
    inner join assessment as a
        on
            a.start_date <= m.month_end
            and (a.authorised_date is null or a.authorised_date > m.month_end)
    inner join calendar as s on a.start_date = s.date
    where $team = 'All' or a.team = $team
)

select
    m.month,
    case
        when o.wd is null then null
        when o.wd <= 20 then '0-20'
        when o.wd <= 45 then '21-45'
        when o.wd <= 60 then '46-60'
        when o.wd <= 90 then '61-90'
        else '91+'
    end as band,
    count(o.wd) as n
from month_ends as m
left join open_at as o on m.month = o.month
group by all
order by m.month, band
