-- One row: how many figures and targets an upload holds now.
-- Params: $upload_id (integer)
select
    (select count(*) from observation where upload_id = $upload_id)
    + (select count(*) from target where upload_id = $upload_id) as row_count
