-- Dated progress updates: history, never overwritten. A later upload with a different status or
-- text for the same action and date adds a correction row; the latest upload's row is current.
create table if not exists plan_action_update (
    action_id varchar not null,
    update_date date not null,
    upload_id integer not null,
    status varchar not null
        check (status in ('Not started', 'On track', 'At risk', 'Off track', 'Complete')),
    update_text varchar,
    primary key (action_id, update_date, upload_id)
)
