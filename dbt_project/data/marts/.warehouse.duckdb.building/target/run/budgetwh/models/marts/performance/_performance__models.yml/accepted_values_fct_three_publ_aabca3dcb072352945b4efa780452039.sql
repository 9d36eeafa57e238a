
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        item as value_field,
        count(*) as n_records

    from "warehouse"."main"."fct_three_public"
    group by item

)

select *
from all_values
where value_field not in (
    'total','outbound_travel','reception','vehicle_total','vehicle_purchase','vehicle_operation'
)



  
  
      
    ) dbt_internal_test