
    
    

with all_values as (

    select
        category as value_field,
        count(*) as n_records

    from "warehouse"."main"."reconciliation_checks"
    group by category

)

select *
from all_values
where value_field not in (
    'arithmetic','cross_table','narrative_vs_table','header_year'
)


