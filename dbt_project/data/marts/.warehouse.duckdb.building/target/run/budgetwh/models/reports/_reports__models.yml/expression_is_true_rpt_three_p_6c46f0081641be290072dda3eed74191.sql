
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select *
from "warehouse"."main"."rpt_three_public_over_time"
where not coalesce((previous_budget_year < budget_year), false)
    and (previous_budget_year is not null)

  
  
      
    ) dbt_internal_test