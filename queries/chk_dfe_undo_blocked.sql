-- Later uploads that replaced rows this upload wrote: undo those first. One row per upload.
-- Params: $upload_id (integer).
select c.upload_id
from comparator_replaced as r
inner join comparator as c using (measure_id, year, geographic_level, area_code)
where r.replaced_by = $upload_id and c.upload_id is distinct from $upload_id
union
select n.upload_id
from stat_neighbour_replaced as r
inner join stat_neighbour as n using (model_year, la_code, neighbour_rank)
where r.replaced_by = $upload_id and n.upload_id is distinct from $upload_id
order by upload_id
