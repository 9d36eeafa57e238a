
    
    



select department_key
from "warehouse"."main"."dim_document"
where department_key is null


