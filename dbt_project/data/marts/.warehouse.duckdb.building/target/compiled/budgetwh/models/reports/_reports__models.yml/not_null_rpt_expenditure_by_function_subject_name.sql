
    
    



select subject_name
from "warehouse"."main"."rpt_expenditure_by_function"
where subject_name is null


