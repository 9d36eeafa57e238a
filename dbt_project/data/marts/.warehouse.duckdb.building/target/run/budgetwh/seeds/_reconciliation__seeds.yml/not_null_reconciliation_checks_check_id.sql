
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select check_id
from "warehouse"."main"."reconciliation_checks"
where check_id is null



  
  
      
    ) dbt_internal_test