
    
    



select period
from "warehouse"."main"."rpt_performance_indicators"
where period is null


