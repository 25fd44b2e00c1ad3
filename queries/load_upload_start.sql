-- Logs a load as it starts, inside its transaction, and returns the new upload id.
-- Params: $kind, $file_name, $sha256, $user_name (varchar)
insert into upload (upload_id, kind, file_name, sha256, user_name, status)
values (nextval('upload_id_seq'), $kind, $file_name, $sha256, $user_name, 'loaded')
returning upload_id
