
    
    

with all_values as (

    select
        match_method as value_field,
        count(*) as n_records

    from "warehouse"."main"."int_project_links"
    group by match_method

)

select *
from all_values
where value_field not in (
    'exact','normalized','contained','similar','amount'
)


