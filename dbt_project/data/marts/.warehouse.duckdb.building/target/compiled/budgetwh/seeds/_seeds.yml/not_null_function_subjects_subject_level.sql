
    
    



select subject_level
from "warehouse"."main"."function_subjects"
where subject_level is null


