-- One row per month of authorisation and DfE duration band (working days from start to
-- authorisation): how many assessments were completed. Bands with none are absent.
-- Params: $team (varchar, 'All' for the whole council)
with done as (
    select
        cast(date_trunc('month', a.authorised_date) as date) as month,
        e.working_day_index - s.working_day_index as wd
    from assessment as a
    inner join calendar as s on a.start_date = s.date
    inner join calendar as e on a.authorised_date = e.date
    where a.authorised_date is not null and ($team = 'All' or a.team = $team)
)

select
    month,
    case
        when wd = 0 then 'Same day'
        when wd <= 10 then '1-10'
        when wd <= 20 then '11-20'
        when wd <= 30 then '21-30'
        when wd <= 40 then '31-40'
        when wd <= 45 then '41-45'
        when wd <= 50 then '46-50'
        when wd <= 60 then '51-60'
        else '61+'
    end as band,
    count(*) as n
from done
group by all
order by month, band
