-- The observation rows a load found already there, kept so that undoing the load puts back
-- exactly what it replaced. action 'replaced': the load overwrote the row; 'unchanged': the
-- load carried the same figures (the row stays the earlier upload's, but that upload can no
-- longer be undone on its own). upload_id is the upload that had written the row.
create table if not exists upload_replaced_observation (
    replaced_by integer not null,
    action varchar not null check (action in ('replaced', 'unchanged')),
    measure_id varchar not null,
    month date not null,
    team varchar not null,
    numerator double,
    denominator double,
    value double,
    symbol varchar,
    upload_id integer
)
