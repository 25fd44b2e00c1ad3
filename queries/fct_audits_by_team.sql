-- One row per team and grade: how many audits in the months $first..$last (inclusive) got that
-- grade. Grades with none are absent.
-- Params: $first, $last (date, first of month), $outstanding_from, $good_from,
-- $inadequate_upto (double)
select
    team,
    audit_band(scale, score, $outstanding_from, $good_from, $inadequate_upto) as grade,
    count(*) as n
from case_audit
where audit_date >= $first and audit_date < cast($last as date) + interval 1 month
group by all
order by team, grade
