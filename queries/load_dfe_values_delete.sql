-- Removes a DfE table's rows for the years an upload brings, which it then replaces.
-- Params: $source_table (varchar). Reads the registered frame incoming_dfe.
delete from comparator
where
    source_table = $source_table
    and year in (select distinct i.year from incoming_dfe as i)
