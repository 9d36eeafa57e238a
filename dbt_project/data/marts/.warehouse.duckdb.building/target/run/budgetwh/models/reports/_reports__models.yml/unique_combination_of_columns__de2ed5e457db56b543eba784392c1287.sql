
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select
    document_id, class_code,
    count(*) as occurrences
from "warehouse"."main"."rpt_spending_by_class"
group by document_id, class_code
having count(*) > 1

  
  
      
    ) dbt_internal_test