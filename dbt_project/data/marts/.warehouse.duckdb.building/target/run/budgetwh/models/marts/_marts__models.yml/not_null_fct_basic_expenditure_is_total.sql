
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select is_total
from "warehouse"."main"."fct_basic_expenditure"
where is_total is null



  
  
      
    ) dbt_internal_test