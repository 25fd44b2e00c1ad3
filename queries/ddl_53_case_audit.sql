-- Case audit results (case-file audits; not the sign-in audit trail): one row per case,
-- audit date and audit type. scale says how the grade was given ('ofsted': score 4
-- Outstanding, 3 Good, 2 Requires improvement, 1 Inadequate; 'ten': a 0-10 scaling); themes is
-- a JSON object of theme -> score on the same scale.
create table if not exists case_audit (
    case_ref varchar not null,
    audit_date date not null,
    audit_type varchar not null,
    team varchar not null,
    scale varchar not null check (scale in ('ofsted', 'ten')),
    grade varchar not null,
    score double not null,
    themes varchar,
    upload_id integer,
    primary key (case_ref, audit_date, audit_type)
)
