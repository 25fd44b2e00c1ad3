-- One row per month and grade: how many audits that month got that grade (Ofsted's four,
-- 0-10 scores banded). Grades with none are absent.
-- Params: $team (varchar, 'All' for everyone), $outstanding_from, $good_from,
-- $inadequate_upto (double)
select
    cast(date_trunc('month', audit_date) as date) as month,
    audit_band(scale, score, $outstanding_from, $good_from, $inadequate_upto) as grade,
    count(*) as n
from case_audit
where $team = 'All' or team = $team
group by all
order by month, grade
