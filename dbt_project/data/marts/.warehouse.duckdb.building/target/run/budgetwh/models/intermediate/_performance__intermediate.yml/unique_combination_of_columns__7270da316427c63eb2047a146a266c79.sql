
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  select
    line_table_id, line_seq,
    count(*) as occurrences
from "warehouse"."main"."int_project_links"
group by line_table_id, line_seq
having count(*) > 1

  
  
      
    ) dbt_internal_test