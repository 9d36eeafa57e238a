
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select item
from "warehouse"."main"."rpt_three_public_over_time"
where item is null



  
  
      
    ) dbt_internal_test