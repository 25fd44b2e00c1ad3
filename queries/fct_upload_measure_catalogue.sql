-- One row per measure: what validating an upload needs to know about it.
select measure_id, title, unit
from measure
order by sort_order, measure_id
