-- One row: the case audits held - how many, first and last audit date, teams, audits with
-- theme grades, and the scales grades were read on.
select
    count(*) as audits,
    min(audit_date) as first_date,
    max(audit_date) as last_date,
    count(distinct team) as teams,
    count(themes) as with_themes,
    list(distinct scale order by scale) as scales
from case_audit
