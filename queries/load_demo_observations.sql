-- Adds the demo figures (registered as incoming_observations), replacing any at the same key.
-- Params: $upload_id (integer)
insert or replace into observation
select measure_id, month, team, numerator, denominator, value, symbol, $upload_id
from incoming_observations
