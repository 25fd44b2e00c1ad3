-- Adds a version of each incoming recommendation that is new or changed in any field.
-- Params: $upload_id (integer). Reads incoming_plan_recommendation
-- (recommendation_id, theme_id, source, source_date, text).
insert into plan_recommendation
    (recommendation_id, upload_id, theme_id, source, source_date, text)
select
    i.recommendation_id,
    $upload_id,
    i.theme_id,
    i.source,
    cast(i.source_date as date),
    i.text
from incoming_plan_recommendation as i
left join plan_recommendation_now as n on i.recommendation_id = n.recommendation_id
where
    n.recommendation_id is null
    or n.theme_id is distinct from i.theme_id
    or n.source is distinct from i.source
    or n.source_date is distinct from cast(i.source_date as date)
    or n.text is distinct from i.text
