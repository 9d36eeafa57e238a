
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select *
from "warehouse"."main"."dim_subject"
where not coalesce((subject_key = subject_system || ':' || subject_code), false)
    and (subject_key <> 'unknown')

  
  
      
    ) dbt_internal_test