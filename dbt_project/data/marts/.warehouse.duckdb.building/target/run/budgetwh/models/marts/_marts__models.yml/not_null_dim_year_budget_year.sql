
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select budget_year
from "warehouse"."main"."dim_year"
where budget_year is null



  
  
      
    ) dbt_internal_test