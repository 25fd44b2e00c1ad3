-- Undo, step 1: removes the statistical-neighbour rows an upload added. Params: $upload_id.
delete from stat_neighbour
where upload_id = $upload_id
