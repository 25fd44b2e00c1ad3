-- Each recommendation as it stands now: the row from its latest upload.
create or replace view plan_recommendation_now as
select recommendation_id, upload_id, theme_id, source, source_date, text
from plan_recommendation
qualify row_number() over (partition by recommendation_id order by upload_id desc) = 1
