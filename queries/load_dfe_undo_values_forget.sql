-- Undo, step 3: the replaced comparator rows are live again; drop their copies.
-- Params: $upload_id (integer).
delete from comparator_replaced
where replaced_by = $upload_id
