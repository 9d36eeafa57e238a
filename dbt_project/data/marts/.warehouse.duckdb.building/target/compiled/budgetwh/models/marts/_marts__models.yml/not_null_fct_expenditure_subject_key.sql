
    
    



select subject_key
from "warehouse"."main"."fct_expenditure"
where subject_key is null


