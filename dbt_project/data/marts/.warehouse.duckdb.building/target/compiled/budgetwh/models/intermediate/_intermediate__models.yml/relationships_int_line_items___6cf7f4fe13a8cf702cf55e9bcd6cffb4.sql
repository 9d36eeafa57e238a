
    
    

with child as (
    select row_fund_source_code as from_field
    from "warehouse"."main"."int_line_items__measured"
    where row_fund_source_code is not null
),

parent as (
    select fund_source_code as to_field
    from "warehouse"."main"."fund_sources"
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null


