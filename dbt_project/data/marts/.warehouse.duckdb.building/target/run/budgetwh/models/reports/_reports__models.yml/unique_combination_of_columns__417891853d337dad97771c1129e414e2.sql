
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select
    document_id, source_name,
    count(*) as occurrences
from "warehouse"."main"."rpt_income_by_source"
group by document_id, source_name
having count(*) > 1

  
  
      
    ) dbt_internal_test