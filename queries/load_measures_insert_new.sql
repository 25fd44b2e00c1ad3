-- Adds each incoming figure the database does not hold yet (a plain insert: faster than
-- insert or replace). Reads incoming_measures. Params: $upload_id (integer)
insert into observation
    (measure_id, month, team, numerator, denominator, value, symbol, upload_id)
select
    i.measure_id,
    i.month,
    i.team,
    i.numerator,
    i.denominator,
    i.value,
    i.symbol,
    $upload_id as upload_id
from incoming_measures as i
anti join observation as o
    on i.measure_id = o.measure_id and i.month = o.month and i.team = o.team
