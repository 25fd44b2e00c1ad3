-- Council closure days (e.g. 27-31 Dec) that are not working days, on top of bank holidays.
create table if not exists local_closure (
    date date primary key,
    reason varchar
)
