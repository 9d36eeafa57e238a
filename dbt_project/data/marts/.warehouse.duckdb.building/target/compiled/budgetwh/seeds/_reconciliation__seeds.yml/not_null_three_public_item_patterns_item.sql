
    
    



select item
from "warehouse"."main"."three_public_item_patterns"
where item is null


