
    
    



select department_key
from "warehouse"."main"."fct_basic_expenditure"
where department_key is null


