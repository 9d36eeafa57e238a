
    
    



select expenditure_type
from "warehouse"."main"."fct_expenditure"
where expenditure_type is null


