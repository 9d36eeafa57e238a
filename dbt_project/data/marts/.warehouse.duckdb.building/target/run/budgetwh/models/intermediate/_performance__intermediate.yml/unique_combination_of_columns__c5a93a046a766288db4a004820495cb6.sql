
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select
    document_id, item, period,
    count(*) as occurrences
from "warehouse"."main"."int_three_public__amounts"
group by document_id, item, period
having count(*) > 1

  
  
      
    ) dbt_internal_test