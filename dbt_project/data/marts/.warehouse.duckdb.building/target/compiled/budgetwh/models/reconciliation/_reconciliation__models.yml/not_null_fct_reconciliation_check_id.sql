
    
    



select check_id
from "warehouse"."main"."fct_reconciliation"
where check_id is null


