-- The assessment records a load found already there, kept so that undoing the load puts back
-- exactly what it replaced. action 'replaced': the load overwrote the record; 'unchanged': the
-- load carried the same record (it stays the earlier upload's). upload_id: who had written it.
create table if not exists upload_replaced_assessment (
    replaced_by integer not null,
    action varchar not null check (action in ('replaced', 'unchanged')),
    child_id varchar not null,
    start_date date not null,
    authorised_date date,
    team varchar not null,
    outcome varchar,
    upload_id integer
)
