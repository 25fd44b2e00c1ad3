-- Improvement-plan targets as trajectories: each value holds from its month until replaced.
create table if not exists target (
    measure_id varchar not null,
    effective_from date not null,
    target double not null,
    tolerance double,
    kind varchar not null check (kind in ('local', 'statutory')),
    upload_id integer,
    primary key (measure_id, effective_from)
)
