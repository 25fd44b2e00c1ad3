-- One row: the assessment records held - how many, how many open, the first start date, the
-- last date any record mentions and the number of teams.
select
    count(*) as records,
    count(*) filter (where authorised_date is null) as open_records,
    min(start_date) as first_start,
    max(coalesce(authorised_date, start_date)) as last_date,
    count(distinct team) as teams
from assessment
