
    
    



select subject_name
from "warehouse"."main"."government_economic_subjects"
where subject_name is null


