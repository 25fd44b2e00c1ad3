-- One row per audited event, newest first: audit events, upload attempts (loads and refusals)
-- and undos, with who, when, what and a detail line.
-- Params: $since (timestamp, null for no lower bound), $max_rows (integer)
with trail as (
    select
        happened_at,
        user_name,
        role,
        action,
        detail,
        'audit' as source,
        event_id as source_id
    from audit_event
    union all
    select
        u.loaded_at,
        u.user_name,
        null,
        case when u.status = 'refused' then 'load_refused' else 'load' end,
        'upload ' || u.upload_id || ': ' || u.kind || ' from ' || u.file_name
        || coalesce(' (' || u.rows_added || ' added, ' || u.rows_replaced || ' replaced)', '')
        || coalesce(' - ' || u.message, ''),
        'upload',
        u.upload_id
    from upload as u
    union all
    select
        d.undone_at,
        d.undone_by,
        null,
        'undo',
        'upload ' || d.upload_id || ': ' || coalesce(u.kind || ' from ' || u.file_name, 'unknown'),
        'upload_undo',
        d.upload_id
    from upload_undo as d
    left join upload as u on d.upload_id = u.upload_id
)
select happened_at, user_name, role, action, detail, source, source_id
from trail
where cast($since as timestamp) is null or happened_at >= cast($since as timestamp)
order by happened_at desc, source_id desc
limit cast($max_rows as integer)
