-- Logs a refused upload attempt (no data table changes): the audit trail of what was tried.
-- Params: $kind, $file_name, $sha256, $user_name, $message (varchar)
insert into upload (upload_id, kind, file_name, sha256, user_name, status, message)
values (nextval('upload_id_seq'), $kind, $file_name, $sha256, $user_name, 'refused', $message)
