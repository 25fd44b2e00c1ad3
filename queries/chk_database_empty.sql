-- A row saying whether the database holds no figures and no uploads yet (first start).
select
    not exists (select 1 from observation) and not exists (select 1 from upload) as is_empty
