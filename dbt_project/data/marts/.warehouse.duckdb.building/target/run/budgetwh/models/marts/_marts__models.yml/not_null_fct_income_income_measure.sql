
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select income_measure
from "warehouse"."main"."fct_income"
where income_measure is null



  
  
      
    ) dbt_internal_test