
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select class_code
from "warehouse"."main"."rpt_spending_by_class"
where class_code is null



  
  
      
    ) dbt_internal_test