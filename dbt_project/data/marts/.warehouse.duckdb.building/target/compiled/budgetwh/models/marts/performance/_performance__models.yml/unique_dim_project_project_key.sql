
    
    

select
    project_key as unique_field,
    count(*) as n_records

from "warehouse"."main"."dim_project"
where project_key is not null
group by project_key
having count(*) > 1


