
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select sha256
from "warehouse"."main"."dim_document"
where sha256 is null



  
  
      
    ) dbt_internal_test