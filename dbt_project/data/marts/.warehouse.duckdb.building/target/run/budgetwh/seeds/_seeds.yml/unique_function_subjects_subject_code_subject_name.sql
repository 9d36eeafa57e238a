
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    subject_code || '|' || subject_name as unique_field,
    count(*) as n_records

from "warehouse"."main"."function_subjects"
where subject_code || '|' || subject_name is not null
group by subject_code || '|' || subject_name
having count(*) > 1



  
  
      
    ) dbt_internal_test