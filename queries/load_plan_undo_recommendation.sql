-- Undo: removes the plan_recommendation rows an upload added (earlier versions become current again).
-- Params: $upload_id (integer)
delete from plan_recommendation
where upload_id = $upload_id
