
    
    



select expenditure_key
from "warehouse"."main"."fct_expenditure"
where expenditure_key is null


