
    
    



select document_id
from "warehouse"."main"."fct_basic_expenditure"
where document_id is null


