
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select base_document_id
from "warehouse"."main"."rpt_department_year_over_year"
where base_document_id is null



  
  
      
    ) dbt_internal_test