
    
    



select document_id
from "warehouse"."main"."int_line_items__measured"
where document_id is null


