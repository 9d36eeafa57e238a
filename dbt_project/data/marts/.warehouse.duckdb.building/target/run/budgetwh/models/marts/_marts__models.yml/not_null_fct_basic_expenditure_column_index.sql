
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select column_index
from "warehouse"."main"."fct_basic_expenditure"
where column_index is null



  
  
      
    ) dbt_internal_test