
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select *
from "warehouse"."main"."document_status"
where not coalesce(((status = 'failed') = (error_kind is not null)), false)

  
  
      
    ) dbt_internal_test