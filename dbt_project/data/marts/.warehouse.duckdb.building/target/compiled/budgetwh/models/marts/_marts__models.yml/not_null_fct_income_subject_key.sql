
    
    



select subject_key
from "warehouse"."main"."fct_income"
where subject_key is null


