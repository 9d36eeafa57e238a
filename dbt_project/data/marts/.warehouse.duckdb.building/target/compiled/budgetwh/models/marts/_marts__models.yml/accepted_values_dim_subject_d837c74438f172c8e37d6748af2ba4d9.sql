
    
    

with all_values as (

    select
        subject_origin as value_field,
        count(*) as n_records

    from "warehouse"."main"."dim_subject"
    group by subject_origin

)

select *
from all_values
where value_field not in (
    'seed','document','unknown'
)


