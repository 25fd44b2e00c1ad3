-- Undo, step 1: removes the figures an upload wrote. Params: $upload_id (integer)
delete from observation
where upload_id = $upload_id
