-- Later uploads, still loaded, to undo before this one, one row each: those that wrote rows for
-- an action, recommendation or theme this upload wrote rows for (an action version, a progress
-- update, a recommendation or theme version), or that hang an action or recommendation on one
-- this upload created. Params: $upload_id (integer)
with mine_actions as (
    select action_id from plan_action where upload_id = $upload_id
    union
    select action_id from plan_action_update where upload_id = $upload_id
),

mine_recommendations as (
    select recommendation_id from plan_recommendation where upload_id = $upload_id
),

mine_themes as (
    select theme_id from plan_theme where upload_id = $upload_id
),

touched as (
    select upload_id
    from plan_action
    where
        action_id in (select m.action_id from mine_actions as m)
        or recommendation_id in (select m.recommendation_id from mine_recommendations as m)
    union
    select upload_id
    from plan_action_update
    where action_id in (select m.action_id from mine_actions as m)
    union
    select upload_id
    from plan_recommendation
    where
        recommendation_id in (select m.recommendation_id from mine_recommendations as m)
        or theme_id in (select m.theme_id from mine_themes as m)
    union
    select upload_id
    from plan_theme
    where theme_id in (select m.theme_id from mine_themes as m)
)

select t.upload_id
from touched as t
inner join upload as u on t.upload_id = u.upload_id
where t.upload_id > $upload_id and u.status = 'loaded'
order by t.upload_id
