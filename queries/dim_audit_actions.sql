-- One row per kind of audited action that has happened, for the admin page's filter.
select distinct action from audit_event
union
select 'load' where exists (select 1 from upload where status <> 'refused')
union
select 'load_refused' where exists (select 1 from upload where status = 'refused')
union
select 'undo' where exists (select 1 from upload_undo)
order by action
