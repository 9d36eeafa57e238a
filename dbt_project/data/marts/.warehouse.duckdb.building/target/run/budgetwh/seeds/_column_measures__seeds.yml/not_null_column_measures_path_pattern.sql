
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select path_pattern
from "warehouse"."main"."column_measures"
where path_pattern is null



  
  
      
    ) dbt_internal_test