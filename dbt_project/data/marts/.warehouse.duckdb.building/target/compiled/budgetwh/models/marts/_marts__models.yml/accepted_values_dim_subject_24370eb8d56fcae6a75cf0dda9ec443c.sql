
    
    

with all_values as (

    select
        subject_system as value_field,
        count(*) as n_records

    from "warehouse"."main"."dim_subject"
    group by subject_system

)

select *
from all_values
where value_field not in (
    'function','economic','unknown'
)


