-- One row per upload attempt, newest first: who, when, which file, what it did, any undo.
select
    u.upload_id,
    u.loaded_at,
    u.user_name,
    u.kind,
    u.file_name,
    u.status,
    u.rows_added,
    u.rows_replaced,
    u.rows_unchanged,
    d.undone_by,
    d.undone_at,
    u.sha256,
    u.message
from upload as u
left join upload_undo as d on u.upload_id = d.upload_id
order by u.upload_id desc
