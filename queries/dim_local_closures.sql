-- One row per local closure day.
select date, reason
from local_closure
order by date
