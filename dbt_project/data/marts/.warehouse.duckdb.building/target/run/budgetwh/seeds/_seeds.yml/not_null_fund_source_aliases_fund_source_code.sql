
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select fund_source_code
from "warehouse"."main"."fund_source_aliases"
where fund_source_code is null



  
  
      
    ) dbt_internal_test