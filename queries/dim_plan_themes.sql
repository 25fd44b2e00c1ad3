-- One row per theme as it stands now.
select theme_id, title
from plan_theme_now
order by theme_id
