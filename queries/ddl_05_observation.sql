-- Monthly figures: one row per measure x month (first of month) x team ('All' = whole council).
create table if not exists observation (
    measure_id varchar not null,
    month date not null,
    team varchar not null,
    numerator double,
    denominator double,
    value double,
    symbol varchar,
    upload_id integer,
    primary key (measure_id, month, team)
)
