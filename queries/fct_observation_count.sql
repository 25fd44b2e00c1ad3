-- One row: how many monthly figures the database holds.
select count(*) as observations
from observation
