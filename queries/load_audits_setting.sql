-- Saves one case-audit setting (grade scale or a 0-10 threshold).
-- Params: $key (varchar), $value (varchar)
insert or replace into app_setting (key, value)
values ($key, $value)
