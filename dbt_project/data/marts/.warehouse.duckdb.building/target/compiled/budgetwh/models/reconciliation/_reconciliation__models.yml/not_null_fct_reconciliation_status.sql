
    
    



select status
from "warehouse"."main"."fct_reconciliation"
where status is null


