
    
    



select indicator_key
from "warehouse"."main"."fct_performance_indicator"
where indicator_key is null


