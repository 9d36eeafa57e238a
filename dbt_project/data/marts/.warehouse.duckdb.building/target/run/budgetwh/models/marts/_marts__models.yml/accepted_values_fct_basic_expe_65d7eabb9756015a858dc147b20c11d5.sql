
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        expenditure_type as value_field,
        count(*) as n_records

    from "warehouse"."main"."fct_basic_expenditure"
    group by expenditure_type

)

select *
from all_values
where value_field not in (
    'total','personnel','public'
)



  
  
      
    ) dbt_internal_test