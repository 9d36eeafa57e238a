
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select budget_year
from "warehouse"."main"."rpt_three_public_over_time"
where budget_year is null



  
  
      
    ) dbt_internal_test