
    
    



select subject_code
from "warehouse"."main"."economic_subjects"
where subject_code is null


