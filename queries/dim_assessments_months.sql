-- One row per month with whole-council assessment figures (computed or uploaded), latest first.
select distinct month
from measure_value
where
    team = 'All'
    and measure_id in (
        'assessments_within_45wd_pct',
        'assessments_completed',
        'open_assessments_over_45wd'
    )
order by month desc
