
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select table_id
from "warehouse"."main"."int_line_items__measured"
where table_id is null



  
  
      
    ) dbt_internal_test