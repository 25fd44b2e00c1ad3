-- Adds the demo's case audits (registered as incoming_demo_audits), replacing any with the same
-- case, date and audit type. Params: $upload_id (integer, the demo load)
insert or replace into case_audit
    (case_ref, audit_date, audit_type, team, scale, grade, score, themes, upload_id)
select
    case_ref,
    cast(audit_date as date),
    audit_type,
    team,
    scale,
    grade,
    score,
    themes,
    $upload_id
from incoming_demo_audits
