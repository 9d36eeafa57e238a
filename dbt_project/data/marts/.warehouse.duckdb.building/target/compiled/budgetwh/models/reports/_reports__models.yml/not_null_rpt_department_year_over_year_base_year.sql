
    
    



select base_year
from "warehouse"."main"."rpt_department_year_over_year"
where base_year is null


