
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select
    project_key, fund_source_code,
    count(*) as occurrences
from "warehouse"."main"."fct_project_expenditure"
group by project_key, fund_source_code
having count(*) > 1

  
  
      
    ) dbt_internal_test