
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select pattern
from "warehouse"."main"."three_public_item_patterns"
where pattern is null



  
  
      
    ) dbt_internal_test