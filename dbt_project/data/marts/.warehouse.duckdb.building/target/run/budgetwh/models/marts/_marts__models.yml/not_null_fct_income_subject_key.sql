
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select subject_key
from "warehouse"."main"."fct_income"
where subject_key is null



  
  
      
    ) dbt_internal_test