
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select
    base_document_id, compare_document_id, subject_code,
    count(*) as occurrences
from "warehouse"."main"."rpt_department_year_over_year"
group by base_document_id, compare_document_id, subject_code
having count(*) > 1

  
  
      
    ) dbt_internal_test