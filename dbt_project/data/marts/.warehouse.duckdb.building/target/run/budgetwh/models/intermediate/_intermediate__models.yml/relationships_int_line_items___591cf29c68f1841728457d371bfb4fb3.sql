
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with child as (
    select column_fund_source_code as from_field
    from "warehouse"."main"."int_line_items__measured"
    where column_fund_source_code is not null
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



  
  
      
    ) dbt_internal_test