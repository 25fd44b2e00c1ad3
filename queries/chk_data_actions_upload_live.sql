-- Improvement-plan rows that claim to come from an upload that is not loaded (undone or
-- refused): an undo or a failed load left rows behind. Zero rows = pass.
select p.table_name, p.item, p.upload_id, u.status
from (
    select 'plan_theme' as table_name, theme_id as item, upload_id from plan_theme
    union all
    select 'plan_recommendation', recommendation_id, upload_id from plan_recommendation
    union all
    select 'plan_action', action_id, upload_id from plan_action
    union all
    select 'plan_action_measure', action_id, upload_id from plan_action_measure
    union all
    select 'plan_action_update', action_id, upload_id from plan_action_update
) as p
inner join upload as u on p.upload_id = u.upload_id
where u.status <> 'loaded'
