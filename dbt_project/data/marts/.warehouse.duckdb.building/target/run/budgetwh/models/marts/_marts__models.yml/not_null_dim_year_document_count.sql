
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select document_count
from "warehouse"."main"."dim_year"
where document_count is null



  
  
      
    ) dbt_internal_test