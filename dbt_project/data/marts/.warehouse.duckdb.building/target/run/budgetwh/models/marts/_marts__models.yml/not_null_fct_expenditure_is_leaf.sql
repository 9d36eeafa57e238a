
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select is_leaf
from "warehouse"."main"."fct_expenditure"
where is_leaf is null



  
  
      
    ) dbt_internal_test