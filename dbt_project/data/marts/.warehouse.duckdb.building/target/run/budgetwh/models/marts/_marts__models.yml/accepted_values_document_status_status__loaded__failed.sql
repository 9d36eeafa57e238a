
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        status as value_field,
        count(*) as n_records

    from "warehouse"."main"."document_status"
    group by status

)

select *
from all_values
where value_field not in (
    'loaded','failed'
)



  
  
      
    ) dbt_internal_test