
    
    



select subject_level
from "warehouse"."main"."economic_subjects"
where subject_level is null


