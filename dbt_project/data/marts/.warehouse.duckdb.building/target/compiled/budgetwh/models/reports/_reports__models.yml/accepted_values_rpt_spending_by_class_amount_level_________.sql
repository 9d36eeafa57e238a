
    
    

with all_values as (

    select
        amount_level as value_field,
        count(*) as n_records

    from "warehouse"."main"."rpt_spending_by_class"
    group by amount_level

)

select *
from all_values
where value_field not in (
    '类','款','项'
)


