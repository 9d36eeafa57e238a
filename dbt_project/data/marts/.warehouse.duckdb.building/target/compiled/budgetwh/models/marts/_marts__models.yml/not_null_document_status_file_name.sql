
    
    



select file_name
from "warehouse"."main"."document_status"
where file_name is null


