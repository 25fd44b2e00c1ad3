-- Records one audit event inside the caller's transaction.
-- Params: $user_name (varchar), $role (varchar, may be null), $action (varchar), $detail (varchar)
insert into audit_event (user_name, role, action, detail)
values ($user_name, $role, $action, $detail)
