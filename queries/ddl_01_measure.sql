-- The measure catalogue: one row per measure the board follows.
create table if not exists measure (
    measure_id varchar primary key,
    title varchar not null,
    short_title varchar not null,
    area varchar not null,
    unit varchar not null check (unit in ('%', 'count', 'days', 'rate')),
    polarity varchar not null check (polarity in ('up', 'down', 'neither')),
    decimals integer not null default 1,
    default_tolerance double,
    definition varchar not null,
    source varchar not null,
    comparator varchar,
    sort_order integer not null
)
