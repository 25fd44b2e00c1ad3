-- One row per recommendation as it stands now, with its theme's title.
select
    r.recommendation_id,
    r.theme_id,
    t.title as theme,
    r.source,
    r.source_date,
    r.text
from plan_recommendation_now as r
left join plan_theme_now as t on r.theme_id = t.theme_id
order by r.recommendation_id
