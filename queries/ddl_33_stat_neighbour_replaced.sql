-- Statistical-neighbour rows a DfE upload replaced, kept so undo restores them exactly.
create table if not exists stat_neighbour_replaced (
    replaced_by integer not null,
    model_year integer not null,
    la_code varchar not null,
    la_name varchar,
    neighbour_rank integer not null,
    neighbour_code varchar not null,
    neighbour_name varchar,
    closeness varchar,
    upload_id integer
)
