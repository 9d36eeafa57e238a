
    
    



select subject_name
from "warehouse"."main"."economic_subjects"
where subject_name is null


