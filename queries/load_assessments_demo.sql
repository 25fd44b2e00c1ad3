-- Adds the demo's assessment records (registered as incoming_demo_assessments), replacing any
-- with the same child and start date. Params: $upload_id (integer, the demo load)
insert or replace into assessment
    (child_id, start_date, authorised_date, team, outcome, upload_id)
select
    child_id,
    cast(start_date as date),
    cast(authorised_date as date),
    team,
    outcome,
    $upload_id
from incoming_demo_assessments
