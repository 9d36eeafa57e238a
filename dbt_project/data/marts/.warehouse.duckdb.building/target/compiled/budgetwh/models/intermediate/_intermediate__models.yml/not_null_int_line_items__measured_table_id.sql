
    
    



select table_id
from "warehouse"."main"."int_line_items__measured"
where table_id is null


