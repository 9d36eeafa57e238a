
    
    

with all_values as (

    select
        project_source as value_field,
        count(*) as n_records

    from "warehouse"."main"."dim_project"
    group by project_source

)

select *
from all_values
where value_field not in (
    'project_table','performance_table','unknown'
)


