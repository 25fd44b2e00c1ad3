-- One row per case-audit setting held (grade scale and 0-10 thresholds): key, value.
select key, value
from app_setting
where key like 'audit\_%' escape '\'
order by key
