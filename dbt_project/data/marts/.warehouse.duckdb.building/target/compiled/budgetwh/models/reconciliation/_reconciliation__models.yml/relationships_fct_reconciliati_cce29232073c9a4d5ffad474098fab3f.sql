
    
    

with child as (
    select check_id as from_field
    from "warehouse"."main"."fct_reconciliation"
    where check_id is not null
),

parent as (
    select check_id as to_field
    from "warehouse"."main"."reconciliation_checks"
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null


