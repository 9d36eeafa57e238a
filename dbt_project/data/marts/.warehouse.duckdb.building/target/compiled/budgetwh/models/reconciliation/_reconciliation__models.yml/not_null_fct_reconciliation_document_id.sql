
    
    



select document_id
from "warehouse"."main"."fct_reconciliation"
where document_id is null


