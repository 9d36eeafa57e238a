
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select subject_name
from "warehouse"."main"."government_economic_subjects"
where subject_name is null



  
  
      
    ) dbt_internal_test