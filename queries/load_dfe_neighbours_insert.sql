-- Adds an upload's statistical neighbours from the registered, parsed frame incoming_sn.
-- Params: $upload_id (integer, null for the published copies seeded with the demo).
insert into stat_neighbour
select
    cast(model_year as integer),
    la_code,
    la_name,
    cast(neighbour_rank as integer),
    neighbour_code,
    neighbour_name,
    closeness,
    cast($upload_id as integer)
from incoming_sn
