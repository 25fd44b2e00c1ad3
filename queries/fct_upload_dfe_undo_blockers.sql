-- Later DfE uploads, still loaded, to undo before this one, one row each: those that replaced
-- (or removed) figures or neighbour links this upload wrote, and those that now hold a key this
-- upload removed or replaced (putting its old row back would clash with theirs).
-- Params: $upload_id (integer)
select r.replaced_by as upload_id
from comparator_replaced as r
inner join upload as u on r.replaced_by = u.upload_id
where r.upload_id = $upload_id and r.replaced_by <> $upload_id and u.status = 'loaded'
union
select c.upload_id
from comparator_replaced as r
inner join comparator as c using (measure_id, year, geographic_level, area_code)
where r.replaced_by = $upload_id and c.upload_id <> $upload_id
union
select r.replaced_by as upload_id
from stat_neighbour_replaced as r
inner join upload as u on r.replaced_by = u.upload_id
where r.upload_id = $upload_id and r.replaced_by <> $upload_id and u.status = 'loaded'
union
select n.upload_id
from stat_neighbour_replaced as r
inner join stat_neighbour as n using (model_year, la_code, neighbour_rank)
where r.replaced_by = $upload_id and n.upload_id <> $upload_id
order by upload_id
