-- DfE statistical neighbours: one row per model x council x neighbour (rank 1 = closest).
create table if not exists stat_neighbour (
    model_year integer not null,
    la_code varchar not null,
    la_name varchar,
    neighbour_rank integer not null,
    neighbour_code varchar not null,
    neighbour_name varchar,
    closeness varchar,
    upload_id integer,
    primary key (model_year, la_code, neighbour_rank)
)
