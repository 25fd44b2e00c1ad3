-- Monthly figures computed from child- and case-level records (assessments, audits): same grain
-- as observation. Rebuilt in the transaction of each load or undo of those records.
create table if not exists computed_observation (
    measure_id varchar not null,
    month date not null,
    team varchar not null,
    numerator double,
    denominator double,
    value double,
    primary key (measure_id, month, team)
)
