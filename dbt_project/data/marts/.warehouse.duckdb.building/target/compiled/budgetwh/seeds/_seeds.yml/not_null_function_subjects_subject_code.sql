
    
    



select subject_code
from "warehouse"."main"."function_subjects"
where subject_code is null


