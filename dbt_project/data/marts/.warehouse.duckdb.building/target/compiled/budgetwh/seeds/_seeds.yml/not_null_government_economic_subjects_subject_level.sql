
    
    



select subject_level
from "warehouse"."main"."government_economic_subjects"
where subject_level is null


