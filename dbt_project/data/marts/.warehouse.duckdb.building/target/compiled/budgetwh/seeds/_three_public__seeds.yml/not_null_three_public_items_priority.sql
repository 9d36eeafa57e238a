
    
    



select priority
from "warehouse"."main"."three_public_items"
where priority is null


