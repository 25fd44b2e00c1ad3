-- Keeps the statistical-neighbour rows of a model an upload is about to replace, for undo.
-- Params: $upload_id (integer). Reads the registered frame incoming_sn.
insert into stat_neighbour_replaced
select $upload_id as replaced_by, n.*
from stat_neighbour as n
where n.model_year in (select distinct i.model_year from incoming_sn as i)
