
    
    



select label_pattern
from "warehouse"."main"."three_public_items"
where label_pattern is null


