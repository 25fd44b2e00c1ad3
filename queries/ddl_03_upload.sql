-- One row per upload attempt: who, when, which file, what it did.
create table if not exists upload (
    upload_id integer primary key,
    kind varchar not null,
    file_name varchar not null,
    sha256 varchar,
    user_name varchar not null,
    loaded_at timestamp not null default current_timestamp,
    status varchar not null,
    rows_added integer not null default 0,
    rows_replaced integer not null default 0,
    rows_unchanged integer not null default 0,
    message varchar
)
