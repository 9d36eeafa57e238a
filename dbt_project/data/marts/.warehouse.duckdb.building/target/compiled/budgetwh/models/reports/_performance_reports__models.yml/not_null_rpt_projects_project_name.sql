
    
    



select project_name
from "warehouse"."main"."rpt_projects"
where project_name is null


