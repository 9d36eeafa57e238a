
    
    



select page
from "warehouse"."main"."fct_expenditure"
where page is null


