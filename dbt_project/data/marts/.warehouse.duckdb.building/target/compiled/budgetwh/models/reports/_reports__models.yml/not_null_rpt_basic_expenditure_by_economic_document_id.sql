
    
    



select document_id
from "warehouse"."main"."rpt_basic_expenditure_by_economic"
where document_id is null


