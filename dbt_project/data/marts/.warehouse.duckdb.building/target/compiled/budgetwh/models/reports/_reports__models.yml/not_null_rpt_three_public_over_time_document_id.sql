
    
    



select document_id
from "warehouse"."main"."rpt_three_public_over_time"
where document_id is null


