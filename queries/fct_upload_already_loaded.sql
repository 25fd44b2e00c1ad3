-- The upload, still loaded, of the same file content for the same kind (none: a new file).
-- Params: $kind (varchar), $sha256 (varchar, hex)
select upload_id, file_name, user_name, loaded_at
from upload
where kind = $kind and sha256 = $sha256 and status = 'loaded'
order by upload_id
limit 1
