
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with child as (
    select expenditure_type as from_field
    from "warehouse"."main"."fct_expenditure"
    where expenditure_type is not null
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



  
  
      
    ) dbt_internal_test