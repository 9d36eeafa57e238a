
    
    



select subject_key
from "warehouse"."main"."fct_basic_expenditure"
where subject_key is null


