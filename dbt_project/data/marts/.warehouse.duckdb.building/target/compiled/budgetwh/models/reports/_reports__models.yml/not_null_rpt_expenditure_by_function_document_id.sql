
    
    



select document_id
from "warehouse"."main"."rpt_expenditure_by_function"
where document_id is null


