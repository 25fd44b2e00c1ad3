-- Logs the demo load as an upload and returns its id.
insert into upload (upload_id, kind, file_name, user_name, status, message)
values (nextval('upload_id_seq'), 'demo', 'demo data (cib.demo)', 'demo', 'loaded',
        'Demonstration data: not real figures')
returning upload_id
