-- One row per recommendation id known now (for validating an action tracker).
select recommendation_id
from plan_recommendation_now
order by recommendation_id
