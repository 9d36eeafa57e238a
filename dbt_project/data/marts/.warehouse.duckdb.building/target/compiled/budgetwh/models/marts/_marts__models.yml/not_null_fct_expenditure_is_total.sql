
    
    



select is_total
from "warehouse"."main"."fct_expenditure"
where is_total is null


