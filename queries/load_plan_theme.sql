-- Adds a version of each incoming theme that is new or whose title changed.
-- Params: $upload_id (integer). Reads the registered frame incoming_plan_theme (theme_id, title).
insert into plan_theme (theme_id, upload_id, title)
select i.theme_id, $upload_id, i.title
from incoming_plan_theme as i
left join plan_theme_now as n on i.theme_id = n.theme_id
where n.theme_id is null or n.title is distinct from i.title
