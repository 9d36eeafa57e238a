
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select fund_source_key
from "warehouse"."main"."fct_income"
where fund_source_key is null



  
  
      
    ) dbt_internal_test