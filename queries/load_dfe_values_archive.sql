-- Keeps the comparator rows an upload is about to replace (same DfE table, same years) for undo.
-- Params: $upload_id (integer), $source_table (varchar). Reads the registered frame incoming_dfe.
insert into comparator_replaced
select $upload_id as replaced_by, c.*
from comparator as c
where
    c.source_table = $source_table
    and c.year in (select distinct i.year from incoming_dfe as i)
