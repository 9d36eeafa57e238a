
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select *
from "warehouse"."main"."rpt_department_year_over_year"
where not coalesce((compare_year > base_year), false)

  
  
      
    ) dbt_internal_test