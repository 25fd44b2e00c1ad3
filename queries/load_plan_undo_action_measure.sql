-- Undo: removes the plan_action_measure rows an upload added (earlier versions become current again).
-- Params: $upload_id (integer)
delete from plan_action_measure
where upload_id = $upload_id
