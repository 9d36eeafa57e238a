select
    subject_system, subject_code,
    count(*) as occurrences
from "warehouse"."main"."dim_subject"
group by subject_system, subject_code
having count(*) > 1
