
    
    

with all_values as (

    select
        table_type as value_field,
        count(*) as n_records

    from "warehouse"."main"."fct_income"
    group by table_type

)

select *
from all_values
where value_field not in (
    'income_expenditure_summary','fiscal_appropriation_summary','income_summary'
)


