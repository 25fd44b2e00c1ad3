-- Links the success measures of each action version this upload added (run after load_plan_action).
-- Params: $upload_id (integer). Reads incoming_plan_action (action_id, measure_ids).
insert into plan_action_measure (action_id, upload_id, measure_id)
select distinct a.action_id, a.upload_id, m.measure_id
from plan_action as a
inner join incoming_plan_action as i on a.action_id = i.action_id
cross join unnest(string_split(coalesce(cast(i.measure_ids as varchar), ''), ',')) as m (measure_id)
where a.upload_id = $upload_id and m.measure_id <> ''
