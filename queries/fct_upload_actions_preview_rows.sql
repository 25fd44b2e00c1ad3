-- One row per action-tracker row, in file order: what loading it would do to the plan as it
-- stands now, old -> new. action: 'replace' when the row changes something held (corrects the
-- progress update held for that action and date, or redefines its action or recommendation),
-- 'add' when it only adds (a new update, action or recommendation), null when it changes
-- nothing. A row shows its action's fields only when it defines the action (the action's
-- latest update), and its recommendation's text only when it defines the recommendation.
-- Reads incoming_actions_rows (row, action_id, recommendation_id, update_date, status,
-- update_text, defines_action, what, who, how, due_date, measure_ids, defines_recommendation,
-- theme_id, source, source_date, recommendation_text). No params.
with compared as (
    select
        i.*,
        u.action_id is null as update_new,
        u.status as old_status,
        u.update_text as old_update_text,
        u.action_id is not null and (
            u.status is distinct from i.status or u.update_text is distinct from i.update_text
        ) as update_corrected,
        i.defines_action and a.action_id is null as action_new,
        a.what as old_what,
        a.who as old_who,
        a.how as old_how,
        a.due_date as old_due_date,
        a.measure_ids as old_measure_ids,
        i.defines_action and a.action_id is not null and (
            a.recommendation_id is distinct from i.recommendation_id
            or a.what is distinct from i.what
            or a.who is distinct from i.who
            or a.how is distinct from i.how
            or a.due_date is distinct from cast(i.due_date as date)
            or a.measure_ids is distinct from coalesce(i.measure_ids, '')
        ) as action_redefined,
        i.defines_recommendation and r.recommendation_id is null as recommendation_new,
        r.text as old_recommendation_text,
        i.defines_recommendation and r.recommendation_id is not null and (
            r.theme_id is distinct from i.theme_id
            or r.source is distinct from i.source
            or r.source_date is distinct from cast(i.source_date as date)
            or r.text is distinct from i.recommendation_text
        ) as recommendation_redefined
    from incoming_actions_rows as i
    left join plan_update_now as u
        on i.action_id = u.action_id and cast(i.update_date as date) = u.update_date
    left join plan_action_now as a on i.action_id = a.action_id
    left join plan_recommendation_now as r on i.recommendation_id = r.recommendation_id
)
select
    case
        when update_corrected or action_redefined or recommendation_redefined then 'replace'
        when update_new or action_new or recommendation_new then 'add'
    end as action,
    row,
    action_id,
    cast(update_date as date) as update_date,
    recommendation_id,
    old_status,
    status as new_status,
    old_update_text,
    update_text as new_update_text,
    case when defines_action then old_what end as old_what,
    case when defines_action then what end as new_what,
    case when defines_action then old_who end as old_who,
    case when defines_action then who end as new_who,
    case when defines_action then old_how end as old_how,
    case when defines_action then how end as new_how,
    case when defines_action then old_due_date end as old_due_date,
    case when defines_action then cast(due_date as date) end as new_due_date,
    case when defines_action then nullif(old_measure_ids, '') end as old_success_measures,
    case when defines_action then measure_ids end as new_success_measures,
    case when defines_recommendation then old_recommendation_text end as old_recommendation,
    case when defines_recommendation then recommendation_text end as new_recommendation
from compared
order by row
