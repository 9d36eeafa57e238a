
    
    



select location
from "warehouse"."main"."fct_reconciliation"
where location is null


