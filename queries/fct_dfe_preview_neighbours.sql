-- What loading the registered frame incoming_sn would do: one row of counts (see the values
-- preview). A neighbour is unchanged when the same council sits at the same rank.
select
    count(*) filter (where n.la_code is null) as added,
    count(*) filter (
        where n.la_code is not null
        and (n.neighbour_code <> i.neighbour_code or n.closeness is distinct from i.closeness)
    ) as replaced,
    count(*) filter (
        where n.la_code is not null
        and n.neighbour_code = i.neighbour_code
        and n.closeness is not distinct from i.closeness
    ) as unchanged,
    (
        select count(*)
        from stat_neighbour as old
        where
            old.model_year in (select distinct y.model_year from incoming_sn as y)
            and not exists (
                select 1
                from incoming_sn as s
                where
                    s.model_year = old.model_year
                    and s.la_code = old.la_code
                    and s.neighbour_rank = old.neighbour_rank
            )
    ) as removed
from incoming_sn as i
left join stat_neighbour as n
    on
        i.model_year = n.model_year
        and i.la_code = n.la_code
        and i.neighbour_rank = n.neighbour_rank
