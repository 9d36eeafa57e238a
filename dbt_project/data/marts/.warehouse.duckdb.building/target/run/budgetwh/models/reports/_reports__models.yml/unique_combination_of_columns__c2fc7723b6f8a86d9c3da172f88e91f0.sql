
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select
    document_id, subject_code,
    count(*) as occurrences
from "warehouse"."main"."rpt_expenditure_by_function"
group by document_id, subject_code
having count(*) > 1

  
  
      
    ) dbt_internal_test