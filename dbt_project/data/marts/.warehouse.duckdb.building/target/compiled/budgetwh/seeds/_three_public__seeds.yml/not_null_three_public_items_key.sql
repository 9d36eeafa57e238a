
    
    



select key
from "warehouse"."main"."three_public_items"
where key is null


