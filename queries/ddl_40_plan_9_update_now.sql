-- Each action's progress update for each date as it stands now (latest upload's row wins).
create or replace view plan_update_now as
select action_id, update_date, upload_id, status, update_text
from plan_action_update
qualify row_number() over (partition by action_id, update_date order by upload_id desc) = 1
