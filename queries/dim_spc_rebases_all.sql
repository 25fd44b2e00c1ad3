-- One row per rebase of any measure, by measure then month (for the SPC summary page).
select measure_id, month, reason, created_at
from spc_rebase
order by measure_id, month
