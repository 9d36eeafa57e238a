
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select
    subject_system, subject_code,
    count(*) as occurrences
from "warehouse"."main"."dim_subject"
group by subject_system, subject_code
having count(*) > 1

  
  
      
    ) dbt_internal_test