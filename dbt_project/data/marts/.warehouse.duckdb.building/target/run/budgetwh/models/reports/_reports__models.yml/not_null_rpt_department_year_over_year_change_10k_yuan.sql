
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select change_10k_yuan
from "warehouse"."main"."rpt_department_year_over_year"
where change_10k_yuan is null



  
  
      
    ) dbt_internal_test