
    
    



select department_name
from "warehouse"."main"."dim_department"
where department_name is null


