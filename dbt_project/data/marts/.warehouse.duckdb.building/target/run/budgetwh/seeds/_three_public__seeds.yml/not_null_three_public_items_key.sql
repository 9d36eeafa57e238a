
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select key
from "warehouse"."main"."three_public_items"
where key is null



  
  
      
    ) dbt_internal_test