-- DfE published figures: one row per measure x year x area (England, a region, or a council).
-- year is DfE's time_period: the year to 31 March (CSWW: at 30 September), ending period_end.
-- area_code: E92000001 for England, the region's GSS code, or the council's 3-digit LA code
-- (stable across DfE releases, unlike gss_code). A GSS symbol leaves value missing and is kept.
create table if not exists comparator (
    source_table varchar not null,
    measure_id varchar not null,
    year integer not null,
    period_end date not null,
    geographic_level varchar not null
        check (geographic_level in ('National', 'Regional', 'Local authority')),
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
    upload_id integer,
    primary key (measure_id, year, geographic_level, area_code)
)
