
    
    

with child as (
    select income_measure as from_field
    from "warehouse"."main"."fct_income"
    where income_measure is not null
),

parent as (
    select measure as to_field
    from "warehouse"."main"."column_measures"
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null


