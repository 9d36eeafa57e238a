
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select
    performance_table_id, project_seq,
    count(*) as occurrences
from "warehouse"."main"."int_project_links"
group by performance_table_id, project_seq
having count(*) > 1

  
  
      
    ) dbt_internal_test