
    
    



select department_key
from "warehouse"."main"."fct_expenditure"
where department_key is null


