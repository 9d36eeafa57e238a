
    
    

with child as (
    select measure as from_field
    from "warehouse"."main"."int_line_items__measured"
    where measure is not null
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


