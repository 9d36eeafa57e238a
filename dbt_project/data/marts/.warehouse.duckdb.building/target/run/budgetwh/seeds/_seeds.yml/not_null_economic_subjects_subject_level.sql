
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select subject_level
from "warehouse"."main"."economic_subjects"
where subject_level is null



  
  
      
    ) dbt_internal_test