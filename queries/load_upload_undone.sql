-- Marks an upload as undone.
-- Params: $upload_id (integer)
update upload
set status = 'undone'
where upload_id = $upload_id
