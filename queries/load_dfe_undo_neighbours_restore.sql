-- Undo, step 2: puts back the statistical-neighbour rows the upload replaced. Params: $upload_id.
insert into stat_neighbour
select
    model_year,
    la_code,
    la_name,
    neighbour_rank,
    neighbour_code,
    neighbour_name,
    closeness,
    upload_id
from stat_neighbour_replaced
where replaced_by = $upload_id
