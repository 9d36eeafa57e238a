
    
    



select document_id
from "warehouse"."main"."rpt_income_by_source"
where document_id is null


