
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select subject_code
from "warehouse"."main"."rpt_department_year_over_year"
where subject_code is null



  
  
      
    ) dbt_internal_test