-- Undo, step 1: removes the targets an upload wrote. Params: $upload_id (integer)
delete from target
where upload_id = $upload_id
