-- Replaces the working-day calendar with a freshly built one.
insert or replace into calendar
select date, is_working_day, working_day_index, holiday
from incoming_calendar
