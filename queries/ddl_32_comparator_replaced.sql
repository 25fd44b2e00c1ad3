-- Comparator rows a DfE upload replaced, kept so undoing that upload restores them exactly.
create table if not exists comparator_replaced (
    replaced_by integer not null,
    source_table varchar not null,
    measure_id varchar not null,
    year integer not null,
    period_end date not null,
    geographic_level varchar not null,
    area_code varchar not null,
    area_name varchar not null,
    region_code varchar,
    region_name varchar,
    la_code varchar,
    gss_code varchar,
    numerator double,
    denominator double,
    value double,
    symbol varchar,
    upload_id integer
)
