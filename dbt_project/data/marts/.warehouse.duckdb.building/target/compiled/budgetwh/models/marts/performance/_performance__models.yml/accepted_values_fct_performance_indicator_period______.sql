
    
    

with all_values as (

    select
        period as value_field,
        count(*) as n_records

    from "warehouse"."main"."fct_performance_indicator"
    group by period

)

select *
from all_values
where value_field not in (
    '年度','实施期'
)


