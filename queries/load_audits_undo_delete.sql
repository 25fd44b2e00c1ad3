-- Undo, step 1: removes the audits an upload wrote. Params: $upload_id (integer)
delete from case_audit
where upload_id = $upload_id
