-- One row: the latest month with whole-council figures and when data was last loaded.
select
    (select max(month) from measure_value where team = 'All') as latest_month,
    (select max(loaded_at) from upload where status = 'loaded') as last_loaded_at
