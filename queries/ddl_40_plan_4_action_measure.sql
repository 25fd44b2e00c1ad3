-- An action's success measures: links to measure ids, belonging to one version of the action.
create table if not exists plan_action_measure (
    action_id varchar not null,
    upload_id integer not null,
    measure_id varchar not null,
    primary key (action_id, upload_id, measure_id)
)
