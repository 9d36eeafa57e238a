
    
    



select document_id
from "warehouse"."main"."dim_document"
where document_id is null


