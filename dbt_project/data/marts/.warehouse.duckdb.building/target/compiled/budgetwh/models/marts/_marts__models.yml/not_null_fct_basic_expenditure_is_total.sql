
    
    



select is_total
from "warehouse"."main"."fct_basic_expenditure"
where is_total is null


