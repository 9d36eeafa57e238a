
    
    



select status
from "warehouse"."main"."document_status"
where status is null


