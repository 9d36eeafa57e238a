
    
    



select document_id
from "warehouse"."main"."fct_expenditure"
where document_id is null


