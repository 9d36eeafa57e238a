select *
from "warehouse"."main"."dim_subject"
where not coalesce((subject_key = subject_system || ':' || subject_code), false)
    and (subject_key <> 'unknown')
