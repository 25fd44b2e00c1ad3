-- Adds a rebase (or replaces its reason): the month is moved to the first of its month.
-- Params: $measure_id (varchar), $month (date), $reason (varchar)
insert into spc_rebase (measure_id, month, reason, created_at)
values ($measure_id, date_trunc('month', cast($month as date)), $reason, current_timestamp)
on conflict (measure_id, month) do update
set reason = excluded.reason, created_at = excluded.created_at
