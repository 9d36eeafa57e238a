
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select prior_year
from "warehouse"."main"."dim_year"
where prior_year is null



  
  
      
    ) dbt_internal_test