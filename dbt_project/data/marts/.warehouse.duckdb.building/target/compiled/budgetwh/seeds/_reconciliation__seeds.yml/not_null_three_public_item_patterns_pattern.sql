
    
    



select pattern
from "warehouse"."main"."three_public_item_patterns"
where pattern is null


