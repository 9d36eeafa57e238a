
    
    



select compare_year
from "warehouse"."main"."rpt_department_year_over_year"
where compare_year is null


