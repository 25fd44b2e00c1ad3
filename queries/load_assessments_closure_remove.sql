-- Removes a local closure day (it becomes a working day again). Params: $date (date)
delete from local_closure
where date = $date
