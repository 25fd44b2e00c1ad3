-- Writes each incoming assessment record that is new or different, keyed by child and start
-- date, so a later extract that repeats open assessments updates them instead of counting them
-- twice; identical ones stay the earlier upload's. Reads incoming_assessments.
-- Params: $upload_id (integer)
insert or replace into assessment
    (child_id, start_date, authorised_date, team, outcome, upload_id)
select
    i.child_id,
    i.start_date,
    i.authorised_date,
    i.team,
    i.outcome,
    $upload_id as upload_id
from incoming_assessments as i
left join assessment as a
    on i.child_id = a.child_id and i.start_date = a.start_date
where
    a.child_id is null
    or a.authorised_date is distinct from i.authorised_date
    or a.team is distinct from i.team
    or a.outcome is distinct from i.outcome
