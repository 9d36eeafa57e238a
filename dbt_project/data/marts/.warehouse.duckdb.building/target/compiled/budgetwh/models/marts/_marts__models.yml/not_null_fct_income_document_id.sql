
    
    



select document_id
from "warehouse"."main"."fct_income"
where document_id is null


