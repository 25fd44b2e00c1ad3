-- One row per action as it stands now, with its recommendation and theme (for the chain
-- recommendation -> action -> measures). measure_ids: sorted, ','-separated, '' when none.
select
    a.action_id,
    a.recommendation_id,
    r.theme_id,
    t.title as theme,
    r.source,
    r.source_date,
    r.text as recommendation,
    a.what,
    a.who,
    a.how,
    a.due_date,
    a.measure_ids
from plan_action_now as a
left join plan_recommendation_now as r on a.recommendation_id = r.recommendation_id
left join plan_theme_now as t on r.theme_id = t.theme_id
order by a.action_id
