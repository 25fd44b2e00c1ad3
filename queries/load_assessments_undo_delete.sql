-- Undo, step 1: removes the assessment records an upload wrote. Params: $upload_id (integer)
delete from assessment
where upload_id = $upload_id
