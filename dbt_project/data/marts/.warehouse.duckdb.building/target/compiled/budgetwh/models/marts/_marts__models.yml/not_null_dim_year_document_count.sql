
    
    



select document_count
from "warehouse"."main"."dim_year"
where document_count is null


