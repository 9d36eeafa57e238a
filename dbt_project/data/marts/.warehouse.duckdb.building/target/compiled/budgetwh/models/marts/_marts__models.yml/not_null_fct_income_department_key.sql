
    
    



select department_key
from "warehouse"."main"."fct_income"
where department_key is null


