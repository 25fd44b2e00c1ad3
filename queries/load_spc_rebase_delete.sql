-- Removes one rebase of a measure (nothing happens if there is none that month).
-- Params: $measure_id (varchar), $month (date)
delete from spc_rebase
where measure_id = $measure_id and month = date_trunc('month', cast($month as date))
