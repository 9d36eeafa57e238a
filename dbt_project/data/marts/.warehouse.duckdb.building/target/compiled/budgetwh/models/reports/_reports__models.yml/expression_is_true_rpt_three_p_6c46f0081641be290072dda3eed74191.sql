select *
from "warehouse"."main"."rpt_three_public_over_time"
where not coalesce((previous_budget_year < budget_year), false)
    and (previous_budget_year is not null)
