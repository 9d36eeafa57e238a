
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with child as (
    select base_year as from_field
    from "warehouse"."main"."rpt_department_year_over_year"
    where base_year is not null
),

parent as (
    select budget_year as to_field
    from "warehouse"."main"."dim_year"
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null



  
  
      
    ) dbt_internal_test