
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select fund_source_group
from "warehouse"."main"."fund_sources"
where fund_source_group is null



  
  
      
    ) dbt_internal_test