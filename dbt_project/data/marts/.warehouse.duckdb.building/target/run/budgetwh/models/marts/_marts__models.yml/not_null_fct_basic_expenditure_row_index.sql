
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select row_index
from "warehouse"."main"."fct_basic_expenditure"
where row_index is null



  
  
      
    ) dbt_internal_test