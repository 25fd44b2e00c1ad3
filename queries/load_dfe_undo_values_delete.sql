-- Undo, step 1: removes the comparator rows an upload added. Params: $upload_id (integer).
delete from comparator
where upload_id = $upload_id
