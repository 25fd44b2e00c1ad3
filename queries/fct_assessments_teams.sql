-- One row per team (whole council first) for one month: the timeliness figures with their n,
-- from measure_value (computed from records where there are records, else uploaded).
-- Params: $month (date, first of month)
select
    team,
    max(value) filter (where measure_id = 'assessments_within_45wd_pct') as within_45_pct,
    max(numerator) filter (where measure_id = 'assessments_within_45wd_pct') as within_45,
    max(denominator) filter (where measure_id = 'assessments_within_45wd_pct') as completed,
    max(value) filter (where measure_id = 'assessments_within_20wd_pct') as within_20_pct,
    max(numerator) filter (where measure_id = 'assessments_within_20wd_pct') as within_20,
    max(value) filter (where measure_id = 'assessments_median_wd') as median_wd,
    max(value) filter (where measure_id = 'open_assessments_over_45wd') as open_over_45,
    max(source) filter (where measure_id = 'assessments_within_45wd_pct') as source
from measure_value
where
    month = $month
    and measure_id in (
        'assessments_within_45wd_pct',
        'assessments_within_20wd_pct',
        'assessments_median_wd',
        'open_assessments_over_45wd'
    )
group by team
order by team = 'All' desc, team
