
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select document_id
from "warehouse"."main"."document_status"
where document_id is null



  
  
      
    ) dbt_internal_test