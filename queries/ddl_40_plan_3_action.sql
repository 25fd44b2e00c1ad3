-- Improvement actions (What / Who / How / When), one row per version (latest upload's is current).
create table if not exists plan_action (
    action_id varchar not null,
    upload_id integer not null,
    recommendation_id varchar not null,
    what varchar not null,
    who varchar not null,
    how varchar,
    due_date date,
    primary key (action_id, upload_id)
)
