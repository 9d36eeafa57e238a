
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select table_type_pattern
from "warehouse"."main"."column_measures"
where table_type_pattern is null



  
  
      
    ) dbt_internal_test