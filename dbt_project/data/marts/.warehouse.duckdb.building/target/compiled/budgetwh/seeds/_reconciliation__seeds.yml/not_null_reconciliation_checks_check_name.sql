
    
    



select check_name
from "warehouse"."main"."reconciliation_checks"
where check_name is null


