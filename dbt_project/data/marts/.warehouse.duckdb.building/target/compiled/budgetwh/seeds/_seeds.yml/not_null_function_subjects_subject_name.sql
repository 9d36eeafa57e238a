
    
    



select subject_name
from "warehouse"."main"."function_subjects"
where subject_name is null


