
    
    

with child as (
    select department_key as from_field
    from "warehouse"."main"."dim_document"
    where department_key is not null
),

parent as (
    select department_key as to_field
    from "warehouse"."main"."dim_department"
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null


