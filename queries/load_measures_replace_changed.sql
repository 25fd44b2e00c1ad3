-- Overwrites each figure held whose incoming figure differs; identical ones are left alone
-- (they stay the earlier upload's). Reads incoming_measures. Params: $upload_id (integer)
insert or replace into observation
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
inner join observation as o
    on i.measure_id = o.measure_id and i.month = o.month and i.team = o.team
where
    o.numerator is distinct from i.numerator
    or o.denominator is distinct from i.denominator
    or o.value is distinct from i.value
    or o.symbol is distinct from i.symbol
