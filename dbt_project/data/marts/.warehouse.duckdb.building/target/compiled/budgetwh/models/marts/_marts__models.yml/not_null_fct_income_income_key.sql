
    
    



select income_key
from "warehouse"."main"."fct_income"
where income_key is null


