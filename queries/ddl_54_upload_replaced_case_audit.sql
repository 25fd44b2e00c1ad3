-- The audit rows a load found already there, kept so that undoing the load puts back exactly
-- what it replaced (see upload_replaced_assessment for action and upload_id).
create table if not exists upload_replaced_case_audit (
    replaced_by integer not null,
    action varchar not null check (action in ('replaced', 'unchanged')),
    case_ref varchar not null,
    audit_date date not null,
    audit_type varchar not null,
    team varchar not null,
    scale varchar not null,
    grade varchar not null,
    score double not null,
    themes varchar,
    upload_id integer
)
