-- Adds catalogue measures not yet in the database; measures already there keep their edits.
insert into measure
select *
from incoming_measures
where measure_id not in (select measure_id from measure)
