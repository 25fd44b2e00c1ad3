-- Adds (or renames) a local closure day: a weekday the council does not work, e.g. 28 Dec.
-- Params: $date (date), $reason (varchar, may be null)
insert or replace into local_closure (date, reason)
values ($date, $reason)
