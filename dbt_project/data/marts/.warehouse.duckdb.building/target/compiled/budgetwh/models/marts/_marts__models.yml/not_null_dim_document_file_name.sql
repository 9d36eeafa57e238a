
    
    



select file_name
from "warehouse"."main"."dim_document"
where file_name is null


