
    
    



select sort_order
from "warehouse"."main"."fund_sources"
where sort_order is null


