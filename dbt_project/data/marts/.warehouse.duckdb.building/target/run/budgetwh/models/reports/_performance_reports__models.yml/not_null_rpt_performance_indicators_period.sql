
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select period
from "warehouse"."main"."rpt_performance_indicators"
where period is null



  
  
      
    ) dbt_internal_test