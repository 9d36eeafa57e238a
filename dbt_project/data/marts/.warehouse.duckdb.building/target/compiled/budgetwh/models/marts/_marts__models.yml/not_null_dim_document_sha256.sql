
    
    



select sha256
from "warehouse"."main"."dim_document"
where sha256 is null


