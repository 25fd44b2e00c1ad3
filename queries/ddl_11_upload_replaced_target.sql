-- The target rows a load found already there, kept so that undoing the load puts back exactly
-- what it replaced (see upload_replaced_observation for action and upload_id).
create table if not exists upload_replaced_target (
    replaced_by integer not null,
    action varchar not null check (action in ('replaced', 'unchanged')),
    measure_id varchar not null,
    effective_from date not null,
    target double not null,
    tolerance double,
    kind varchar not null,
    upload_id integer
)
