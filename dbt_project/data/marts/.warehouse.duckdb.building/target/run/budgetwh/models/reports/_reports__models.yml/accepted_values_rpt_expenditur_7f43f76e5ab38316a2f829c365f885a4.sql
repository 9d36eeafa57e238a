
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        subject_level as value_field,
        count(*) as n_records

    from "warehouse"."main"."rpt_expenditure_by_function"
    group by subject_level

)

select *
from all_values
where value_field not in (
    '类','款','项'
)



  
  
      
    ) dbt_internal_test