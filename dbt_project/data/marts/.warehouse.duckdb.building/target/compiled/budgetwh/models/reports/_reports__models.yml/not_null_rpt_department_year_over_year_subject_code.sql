
    
    



select subject_code
from "warehouse"."main"."rpt_department_year_over_year"
where subject_code is null


