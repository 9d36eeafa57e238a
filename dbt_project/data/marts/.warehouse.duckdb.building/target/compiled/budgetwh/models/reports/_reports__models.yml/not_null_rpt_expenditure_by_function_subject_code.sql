
    
    



select subject_code
from "warehouse"."main"."rpt_expenditure_by_function"
where subject_code is null


