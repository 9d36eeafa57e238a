
    
    

with all_values as (

    select
        subject_level as value_field,
        count(*) as n_records

    from "warehouse"."main"."function_subjects"
    group by subject_level

)

select *
from all_values
where value_field not in (
    '类','款','项'
)


