
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select income_key
from "warehouse"."main"."fct_income"
where income_key is null



  
  
      
    ) dbt_internal_test