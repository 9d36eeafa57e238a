
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select label_pattern
from "warehouse"."main"."three_public_items"
where label_pattern is null



  
  
      
    ) dbt_internal_test