-- Each theme as it stands now: the row from its latest upload.
create or replace view plan_theme_now as
select theme_id, upload_id, title
from plan_theme
qualify row_number() over (partition by theme_id order by upload_id desc) = 1
