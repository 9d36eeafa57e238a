
    
    



select kind
from "warehouse"."main"."three_public_items"
where kind is null


