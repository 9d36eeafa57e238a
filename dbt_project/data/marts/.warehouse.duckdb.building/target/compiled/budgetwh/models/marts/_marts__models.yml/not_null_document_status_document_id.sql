
    
    



select document_id
from "warehouse"."main"."document_status"
where document_id is null


