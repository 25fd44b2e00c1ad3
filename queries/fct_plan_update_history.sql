-- Every progress update ever recorded for one action, corrections included (nothing is
-- overwritten): the audit trail. is_current: the row that stands now for its date.
-- Params: $action_id (varchar)
select
    u.action_id,
    u.update_date,
    u.status,
    u.update_text,
    u.upload_id,
    up.loaded_at,
    up.user_name,
    u.upload_id = max(u.upload_id) over (partition by u.update_date) as is_current
from plan_action_update as u
left join upload as up on u.upload_id = up.upload_id
where u.action_id = $action_id
order by u.update_date, u.upload_id
