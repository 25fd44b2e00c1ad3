-- One row per rebase of a measure (the month its new segment starts), oldest first.
-- Params: $measure_id (varchar)
select measure_id, month, reason, created_at
from spc_rebase
where measure_id = $measure_id
order by month
