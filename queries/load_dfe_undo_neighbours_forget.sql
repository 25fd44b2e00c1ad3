-- Undo, step 3: the replaced statistical-neighbour rows are live again; drop their copies.
-- Params: $upload_id (integer).
delete from stat_neighbour_replaced
where replaced_by = $upload_id
