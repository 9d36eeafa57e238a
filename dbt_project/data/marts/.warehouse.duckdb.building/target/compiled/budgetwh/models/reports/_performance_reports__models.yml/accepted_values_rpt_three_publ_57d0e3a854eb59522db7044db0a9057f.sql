
    
    

with all_values as (

    select
        item as value_field,
        count(*) as n_records

    from "warehouse"."main"."rpt_three_public"
    group by item

)

select *
from all_values
where value_field not in (
    'total','outbound_travel','reception','vehicle_total','vehicle_purchase','vehicle_operation'
)


