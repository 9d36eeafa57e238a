
    
    



select document_id
from "warehouse"."main"."fct_department_profile"
where document_id is null


