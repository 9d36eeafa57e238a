
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select department_name_normalised
from "warehouse"."main"."rpt_spending_by_class"
where department_name_normalised is null



  
  
      
    ) dbt_internal_test