
    
    



select department_key
from "warehouse"."main"."dim_department"
where department_key is null


