-- One row a date. Working days between two dates = difference of working_day_index.
create table if not exists calendar (
    date date primary key,
    is_working_day boolean not null,
    working_day_index integer not null,
    holiday varchar
)
