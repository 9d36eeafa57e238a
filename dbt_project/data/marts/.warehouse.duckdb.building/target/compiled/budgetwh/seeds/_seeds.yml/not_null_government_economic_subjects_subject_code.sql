
    
    



select subject_code
from "warehouse"."main"."government_economic_subjects"
where subject_code is null


