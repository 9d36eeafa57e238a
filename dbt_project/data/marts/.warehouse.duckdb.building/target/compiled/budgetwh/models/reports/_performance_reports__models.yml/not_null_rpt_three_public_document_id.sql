
    
    



select document_id
from "warehouse"."main"."rpt_three_public"
where document_id is null


