
    
    



select project_key
from "warehouse"."main"."fct_performance_indicator"
where project_key is null


