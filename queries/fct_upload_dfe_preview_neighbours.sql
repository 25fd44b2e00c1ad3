-- One row per statistical-neighbour link a load would change: each incoming council and rank
-- whose neighbour is new or differs (old -> new), then each held link of the same model that
-- the file no longer has (old -> blank). Replaced first.
-- Reads incoming_sn. Params: $limit (integer, most rows to return)
with changes as (
    select
        case when n.la_code is null then 'add' else 'replace' end as action,
        cast(i.model_year as integer) as model_year,
        i.la_code,
        i.la_name,
        cast(i.neighbour_rank as integer) as neighbour_rank,
        n.neighbour_code as old_neighbour_code,
        i.neighbour_code as new_neighbour_code,
        n.neighbour_name as old_neighbour_name,
        i.neighbour_name as new_neighbour_name,
        n.closeness as old_closeness,
        i.closeness as new_closeness
    from incoming_sn as i
    left join stat_neighbour as n
        on
            i.model_year = n.model_year
            and i.la_code = n.la_code
            and i.neighbour_rank = n.neighbour_rank
    where
        n.la_code is null
        or n.neighbour_code <> i.neighbour_code
        or n.closeness is distinct from i.closeness
    union all
    select
        'replace' as action,
        old.model_year,
        old.la_code,
        old.la_name,
        old.neighbour_rank,
        old.neighbour_code as old_neighbour_code,
        null as new_neighbour_code,
        old.neighbour_name as old_neighbour_name,
        null as new_neighbour_name,
        old.closeness as old_closeness,
        null as new_closeness
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
)
select *
from changes
order by action desc, model_year, la_code, neighbour_rank
limit $limit
