-- Undo: removes the plan_theme rows an upload added (earlier versions become current again).
-- Params: $upload_id (integer)
delete from plan_theme
where upload_id = $upload_id
