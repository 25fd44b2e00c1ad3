-- Drops the staged changes once written (see load_computed_assessments_stage).
drop table if exists computed_assessments_changed
