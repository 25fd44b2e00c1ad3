-- Removes the statistical-neighbour model an upload replaces. Reads the frame incoming_sn.
delete from stat_neighbour
where model_year in (select distinct i.model_year from incoming_sn as i)
