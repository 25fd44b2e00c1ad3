-- One row per audited event: who did what, and when (sign-ins, admin changes, plan edits).
-- Loads and undos are audited in upload and upload_undo; fct_audit_trail lists all three.
create table if not exists audit_event (
    event_id bigint primary key default nextval('audit_event_seq'),
    happened_at timestamp not null default current_timestamp,
    user_name varchar not null,
    role varchar,
    action varchar not null,
    detail varchar
)
