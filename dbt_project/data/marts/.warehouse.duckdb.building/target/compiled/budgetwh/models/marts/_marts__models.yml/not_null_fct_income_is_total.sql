
    
    



select is_total
from "warehouse"."main"."fct_income"
where is_total is null


