-- Removes every figure computed from assessment records (when the records are cleared).
delete from computed_observation
where measure_id in (
    'assessments_within_45wd_pct',
    'assessments_within_20wd_pct',
    'assessments_completed',
    'assessments_median_wd',
    'open_assessments_over_45wd'
)
