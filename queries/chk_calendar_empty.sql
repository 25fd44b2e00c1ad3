-- A row when the working-day calendar has not been built yet.
select count(*) = 0 as is_empty
from calendar
