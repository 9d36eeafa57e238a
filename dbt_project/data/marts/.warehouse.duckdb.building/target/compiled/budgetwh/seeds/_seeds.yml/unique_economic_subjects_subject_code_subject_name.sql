
    
    

select
    subject_code || '|' || subject_name as unique_field,
    count(*) as n_records

from "warehouse"."main"."economic_subjects"
where subject_code || '|' || subject_name is not null
group by subject_code || '|' || subject_name
having count(*) > 1


