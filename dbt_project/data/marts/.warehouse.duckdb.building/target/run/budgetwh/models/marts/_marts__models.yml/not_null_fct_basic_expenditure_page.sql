
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select page
from "warehouse"."main"."fct_basic_expenditure"
where page is null



  
  
      
    ) dbt_internal_test