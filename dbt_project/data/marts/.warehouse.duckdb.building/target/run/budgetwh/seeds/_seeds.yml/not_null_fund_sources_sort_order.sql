
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select sort_order
from "warehouse"."main"."fund_sources"
where sort_order is null



  
  
      
    ) dbt_internal_test