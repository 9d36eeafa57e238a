
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select department_key
from "warehouse"."main"."fct_expenditure"
where department_key is null



  
  
      
    ) dbt_internal_test