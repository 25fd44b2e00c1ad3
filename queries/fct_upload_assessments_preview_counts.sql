-- One row: how many incoming assessment records would be added, would replace a different
-- record for the same child and start date, or are the same as the one held.
-- Reads incoming_assessments.
select
    count(*) filter (where a.child_id is null) as added,
    count(*) filter (
        where a.child_id is not null
        and (
            a.authorised_date is distinct from i.authorised_date
            or a.team is distinct from i.team
            or a.outcome is distinct from i.outcome
        )
    ) as replaced,
    count(*) filter (
        where a.child_id is not null
        and a.authorised_date is not distinct from i.authorised_date
        and a.team is not distinct from i.team
        and a.outcome is not distinct from i.outcome
    ) as unchanged
from incoming_assessments as i
left join assessment as a
    on i.child_id = a.child_id and i.start_date = a.start_date
