
    
    



select department_name_normalised
from "warehouse"."main"."dim_department"
where department_name_normalised is null


