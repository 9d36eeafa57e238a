
    
    



select budget_year
from "warehouse"."main"."rpt_three_public_over_time"
where budget_year is null


