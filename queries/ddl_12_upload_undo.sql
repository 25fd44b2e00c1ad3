-- Who undid an upload and when (the upload row's status becomes 'undone').
create table if not exists upload_undo (
    upload_id integer primary key,
    undone_by varchar not null,
    undone_at timestamp not null default current_timestamp
)
