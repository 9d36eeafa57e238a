
    
    

with all_values as (

    select
        kind as value_field,
        count(*) as n_records

    from "warehouse"."main"."three_public_items"
    group by kind

)

select *
from all_values
where value_field not in (
    'item','period'
)


