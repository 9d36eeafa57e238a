
    
    



select income_measure
from "warehouse"."main"."fct_income"
where income_measure is null


