-- One row: the demo load's upload id (null when the demo was never loaded), and whether any
-- assessment records or case audits are held yet.
select
    (select max(upload_id) from upload where kind = 'demo' and status = 'loaded') as upload_id,
    exists (select 1 from assessment) or exists (select 1 from case_audit) as has_records
