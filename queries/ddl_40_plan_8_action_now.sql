-- Each action as it stands now (its latest upload's row) with that version's success measures
-- as one ','-separated, sorted string ('' when none), so a load can tell a changed action.
create or replace view plan_action_now as
with latest as (
    select action_id, upload_id, recommendation_id, what, who, how, due_date
    from plan_action
    qualify row_number() over (partition by action_id order by upload_id desc) = 1
)
select
    a.action_id,
    a.upload_id,
    a.recommendation_id,
    a.what,
    a.who,
    a.how,
    a.due_date,
    coalesce(
        (
            select string_agg(m.measure_id, ',' order by m.measure_id)
            from plan_action_measure as m
            where m.action_id = a.action_id and m.upload_id = a.upload_id
        ),
        ''
    ) as measure_ids
from latest as a
