
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select basic_expenditure_key
from "warehouse"."main"."fct_basic_expenditure"
where basic_expenditure_key is null



  
  
      
    ) dbt_internal_test