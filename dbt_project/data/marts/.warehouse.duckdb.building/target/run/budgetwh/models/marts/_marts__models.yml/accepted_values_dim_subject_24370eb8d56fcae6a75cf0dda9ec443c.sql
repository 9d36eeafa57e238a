
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        subject_system as value_field,
        count(*) as n_records

    from "warehouse"."main"."dim_subject"
    group by subject_system

)

select *
from all_values
where value_field not in (
    'function','economic','unknown'
)



  
  
      
    ) dbt_internal_test