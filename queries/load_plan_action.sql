-- Adds a version of each incoming action that is new or changed (success measures included).
-- Params: $upload_id (integer). Reads incoming_plan_action (action_id, recommendation_id, what,
-- who, how, due_date, measure_ids: sorted measure ids joined by ',', '' for none).
insert into plan_action (action_id, upload_id, recommendation_id, what, who, how, due_date)
select
    i.action_id,
    $upload_id,
    i.recommendation_id,
    i.what,
    i.who,
    i.how,
    cast(i.due_date as date)
from incoming_plan_action as i
left join plan_action_now as n on i.action_id = n.action_id
where
    n.action_id is null
    or n.recommendation_id is distinct from i.recommendation_id
    or n.what is distinct from i.what
    or n.who is distinct from i.who
    or n.how is distinct from i.how
    or n.due_date is distinct from cast(i.due_date as date)
    or n.measure_ids is distinct from coalesce(i.measure_ids, '')
