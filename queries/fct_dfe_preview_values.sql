-- What loading the registered frame incoming_dfe would do: one row of counts.
-- added: new keys; replaced: keys whose figure or symbol changes; unchanged: the same;
-- removed: rows of the same table and years that the file no longer has.
-- Params: $source_table (varchar).
select
    count(*) filter (where c.measure_id is null) as added,
    count(*) filter (
        where c.measure_id is not null
        and (
            c.value is distinct from cast(i.value as double)
            or c.symbol is distinct from i.symbol
            or c.numerator is distinct from cast(i.numerator as double)
            or c.denominator is distinct from cast(i.denominator as double)
        )
    ) as replaced,
    count(*) filter (
        where c.measure_id is not null
        and c.value is not distinct from cast(i.value as double)
        and c.symbol is not distinct from i.symbol
        and c.numerator is not distinct from cast(i.numerator as double)
        and c.denominator is not distinct from cast(i.denominator as double)
    ) as unchanged,
    (
        select count(*)
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
    ) as removed
from incoming_dfe as i
left join comparator as c
    on
        i.measure_id = c.measure_id
        and i.year = c.year
        and i.geographic_level = c.geographic_level
        and i.area_code = c.area_code
