
    
    



select department_name_normalised
from "warehouse"."main"."rpt_department_year_over_year"
where department_name_normalised is null


