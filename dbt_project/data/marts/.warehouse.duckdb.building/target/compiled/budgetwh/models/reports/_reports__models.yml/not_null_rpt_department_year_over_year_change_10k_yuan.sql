
    
    



select change_10k_yuan
from "warehouse"."main"."rpt_department_year_over_year"
where change_10k_yuan is null


