-- Keeps each assessment record the load is about to replace (or that it carries unchanged), so
-- an undo can restore it. Reads incoming_assessments. Params: $upload_id (integer, the load)
insert into upload_replaced_assessment
select
    $upload_id as replaced_by,
    case
        when
            a.authorised_date is not distinct from i.authorised_date
            and a.team is not distinct from i.team
            and a.outcome is not distinct from i.outcome
            then 'unchanged'
        else 'replaced'
    end as action,
    a.child_id,
    a.start_date,
    a.authorised_date,
    a.team,
    a.outcome,
    a.upload_id
from assessment as a
inner join incoming_assessments as i
    on a.child_id = i.child_id and a.start_date = i.start_date
