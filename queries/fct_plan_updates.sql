-- One row per current action and update date: the status and text as they stand now.
select u.action_id, u.update_date, u.status, u.update_text, u.upload_id
from plan_update_now as u
inner join plan_action_now as a on u.action_id = a.action_id
order by u.action_id, u.update_date
