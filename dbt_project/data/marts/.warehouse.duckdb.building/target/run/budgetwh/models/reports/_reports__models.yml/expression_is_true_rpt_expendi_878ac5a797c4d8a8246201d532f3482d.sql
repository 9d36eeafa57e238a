
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select *
from "warehouse"."main"."rpt_expenditure_by_function"
where not coalesce(((subject_code = 'TOTAL') = (subject_level is null)), false)

  
  
      
    ) dbt_internal_test