
    
    



select project_key
from "warehouse"."main"."fct_project_expenditure"
where project_key is null


