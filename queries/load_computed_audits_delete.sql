-- Clears the monthly figures computed from case audits, before they are rebuilt in the same
-- transaction (load_computed_audits).
delete from computed_observation
where measure_id in ('audits_good_or_better_pct', 'audits_inadequate_pct')
