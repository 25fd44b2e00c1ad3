-- Records who undid an upload.
-- Params: $upload_id (integer), $user_name (varchar)
insert or replace into upload_undo (upload_id, undone_by)
values ($upload_id, $user_name)
