
    
    



select basic_expenditure_key
from "warehouse"."main"."fct_basic_expenditure"
where basic_expenditure_key is null


