
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select econ_name
from "warehouse"."main"."rpt_basic_expenditure_by_economic"
where econ_name is null



  
  
      
    ) dbt_internal_test