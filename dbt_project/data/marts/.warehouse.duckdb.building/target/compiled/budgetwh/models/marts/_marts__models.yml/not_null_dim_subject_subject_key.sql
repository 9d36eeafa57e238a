
    
    



select subject_key
from "warehouse"."main"."dim_subject"
where subject_key is null


