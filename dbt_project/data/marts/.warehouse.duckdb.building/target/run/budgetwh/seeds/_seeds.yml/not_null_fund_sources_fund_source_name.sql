
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select fund_source_name
from "warehouse"."main"."fund_sources"
where fund_source_name is null



  
  
      
    ) dbt_internal_test