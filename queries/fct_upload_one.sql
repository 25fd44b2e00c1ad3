-- One upload by id (no row if there is none).
-- Params: $upload_id (integer)
select upload_id, kind, file_name, user_name, loaded_at, status
from upload
where upload_id = $upload_id
