
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select expenditure_type
from "warehouse"."main"."fct_basic_expenditure"
where expenditure_type is null



  
  
      
    ) dbt_internal_test