-- One row per current action and each of its success measures, with the measure's titles
-- (null title: the measure id is not in the catalogue).
select
    a.action_id,
    l.measure_id,
    m.title,
    m.short_title
from plan_action_now as a
inner join plan_action_measure as l on a.action_id = l.action_id and a.upload_id = l.upload_id
left join measure as m on l.measure_id = m.measure_id
order by a.action_id, m.sort_order, l.measure_id
