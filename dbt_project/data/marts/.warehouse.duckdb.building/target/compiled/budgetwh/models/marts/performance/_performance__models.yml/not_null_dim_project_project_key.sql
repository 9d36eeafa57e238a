
    
    



select project_key
from "warehouse"."main"."dim_project"
where project_key is null


