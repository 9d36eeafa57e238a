
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with child as (
    select base_document_id as from_field
    from "warehouse"."main"."rpt_department_year_over_year"
    where base_document_id is not null
),

parent as (
    select document_id as to_field
    from "warehouse"."main"."dim_document"
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null



  
  
      
    ) dbt_internal_test