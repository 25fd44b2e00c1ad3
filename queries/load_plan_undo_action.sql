-- Undo: removes the plan_action rows an upload added (earlier versions become current again).
-- Params: $upload_id (integer)
delete from plan_action
where upload_id = $upload_id
