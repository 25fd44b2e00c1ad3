-- Later uploads, still loaded, that replaced or re-supplied audits this upload wrote: undo them
-- first. Params: $upload_id (integer)
select distinct h.replaced_by as upload_id
from upload_replaced_case_audit as h
inner join upload as u on h.replaced_by = u.upload_id
where h.upload_id = $upload_id and h.replaced_by <> $upload_id and u.status = 'loaded'
order by upload_id
