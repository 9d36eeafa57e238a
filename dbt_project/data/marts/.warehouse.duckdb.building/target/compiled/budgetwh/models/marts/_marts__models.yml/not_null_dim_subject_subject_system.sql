
    
    



select subject_system
from "warehouse"."main"."dim_subject"
where subject_system is null


