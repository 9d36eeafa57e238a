
    
    



select check_id
from "warehouse"."main"."reconciliation_checks"
where check_id is null


