
    
    



select subject_name
from "warehouse"."main"."dim_subject"
where subject_name is null


