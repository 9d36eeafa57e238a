
    
    



select department_name_normalised
from "warehouse"."main"."rpt_three_public_over_time"
where department_name_normalised is null


