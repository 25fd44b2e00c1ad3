-- Adds each incoming progress update that is new, or that corrects the status or text held for
-- that action and date (the earlier row stays as history).
-- Params: $upload_id (integer). Reads incoming_plan_update (action_id, update_date, status,
-- update_text).
insert into plan_action_update (action_id, update_date, upload_id, status, update_text)
select
    i.action_id,
    cast(i.update_date as date),
    $upload_id,
    i.status,
    i.update_text
from incoming_plan_update as i
left join plan_update_now as n
    on i.action_id = n.action_id and cast(i.update_date as date) = n.update_date
where
    n.action_id is null
    or n.status is distinct from i.status
    or n.update_text is distinct from i.update_text
