-- DfE figures and neighbour links that claim to come from an upload that is not loaded (undone
-- or refused): an undo or a failed load left rows behind. Zero rows = pass.
select 'comparator' as table_name, c.measure_id as item, c.year, c.upload_id, u.status
from comparator as c
inner join upload as u on c.upload_id = u.upload_id
where u.status <> 'loaded'
union all
select 'stat_neighbour' as table_name, n.la_code as item, n.model_year, n.upload_id, u.status
from stat_neighbour as n
inner join upload as u on n.upload_id = u.upload_id
where u.status <> 'loaded'
