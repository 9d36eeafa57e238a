
    
    



select document_id
from "warehouse"."main"."rpt_projects"
where document_id is null


