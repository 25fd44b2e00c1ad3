-- Drops the staged figures once written (see load_computed_assessments_stage).
drop table if exists computed_assessments_new
