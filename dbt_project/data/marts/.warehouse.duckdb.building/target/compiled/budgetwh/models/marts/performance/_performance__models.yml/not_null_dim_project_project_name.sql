
    
    



select project_name
from "warehouse"."main"."dim_project"
where project_name is null


