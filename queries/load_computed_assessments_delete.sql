-- Stage 2a of rebuilding the figures computed from assessment records: removes each figure that
-- is gone or differs from the staged one (load_computed_assessments_stage).
delete from computed_observation
where rowid in (
    select c.rowid
    from computed_observation as c
    anti join computed_assessments_new as n
        on
            c.measure_id = n.measure_id
            and c.month = n.month
            and c.team = n.team
            and c.numerator is not distinct from n.numerator
            and c.denominator is not distinct from n.denominator
            and c.value is not distinct from n.value
    where
        c.measure_id in (
            'assessments_within_45wd_pct',
            'assessments_within_20wd_pct',
            'assessments_completed',
            'assessments_median_wd',
            'open_assessments_over_45wd'
        )
)
