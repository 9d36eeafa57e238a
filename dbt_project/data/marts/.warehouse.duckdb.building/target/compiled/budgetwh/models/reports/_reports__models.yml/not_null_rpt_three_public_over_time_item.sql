
    
    



select item
from "warehouse"."main"."rpt_three_public_over_time"
where item is null


