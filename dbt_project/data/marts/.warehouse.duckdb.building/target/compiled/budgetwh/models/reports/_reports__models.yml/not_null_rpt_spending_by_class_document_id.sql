
    
    



select document_id
from "warehouse"."main"."rpt_spending_by_class"
where document_id is null


