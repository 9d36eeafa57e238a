
    
    

select
    subject_key as unique_field,
    count(*) as n_records

from "warehouse"."main"."dim_subject"
where subject_key is not null
group by subject_key
having count(*) > 1


