-- SPC rebases: one row per measure x month where a new segment (its own mean and limits) starts.
create table if not exists spc_rebase (
    measure_id varchar not null,
    month date not null,
    reason varchar not null,
    created_at timestamp not null default current_timestamp,
    primary key (measure_id, month)
)
