-- One row per DfE figure a load would change: each incoming figure that is new or differs from
-- the one held (old -> new), then each held figure of the same table and years that the file
-- no longer has (old -> blank; a load removes it). Replaced first.
-- Reads incoming_dfe. Params: $source_table (varchar), $limit (integer, most rows to return)
with changes as (
    select
        case when c.measure_id is null then 'add' else 'replace' end as action,
        i.measure_id,
        cast(i.year as integer) as year,
        i.geographic_level as level,
        i.area_code,
        i.area_name as area,
        c.value as old_value,
        cast(i.value as double) as new_value,
        c.symbol as old_symbol,
        i.symbol as new_symbol,
        c.numerator as old_numerator,
        cast(i.numerator as double) as new_numerator,
        c.denominator as old_denominator,
        cast(i.denominator as double) as new_denominator
    from incoming_dfe as i
    left join comparator as c
        on
            i.measure_id = c.measure_id
            and i.year = c.year
            and i.geographic_level = c.geographic_level
            and i.area_code = c.area_code
    where
        c.measure_id is null
        or c.value is distinct from cast(i.value as double)
        or c.symbol is distinct from i.symbol
        or c.numerator is distinct from cast(i.numerator as double)
        or c.denominator is distinct from cast(i.denominator as double)
    union all
    select
        'replace' as action,
        old.measure_id,
        old.year,
        old.geographic_level as level,
        old.area_code,
        old.area_name as area,
        old.value as old_value,
        null as new_value,
        old.symbol as old_symbol,
        null as new_symbol,
        old.numerator as old_numerator,
        null as new_numerator,
        old.denominator as old_denominator,
        null as new_denominator
    from comparator as old
    where
        old.source_table = $source_table
        and old.year in (select distinct y.year from incoming_dfe as y)
        and not exists (
            select 1
            from incoming_dfe as n
            where
                n.measure_id = old.measure_id
                and n.year = old.year
                and n.geographic_level = old.geographic_level
                and n.area_code = old.area_code
        )
)
select *
from changes
order by action desc, measure_id, year, level, area_code
limit $limit
