-- One row per audit theme and grade: how many theme grades in the months $first..$last
-- (inclusive) were that grade, for one team or everyone. Themes come from each audit's JSON
-- object of theme -> score, banded like the overall grade.
-- Params: $first, $last (date, first of month), $team (varchar, 'All' for everyone),
-- $outstanding_from, $good_from, $inadequate_upto (double)
select
    t.key as theme,
    audit_band(a.scale, cast(t.value as double), $outstanding_from, $good_from, $inadequate_upto)
        as grade,
    count(*) as n
from case_audit as a, json_each(a.themes) as t
where
    a.themes is not null
    and a.audit_date >= $first
    and a.audit_date < cast($last as date) + interval 1 month
    and ($team = 'All' or a.team = $team)
group by all
order by theme, grade
