
    
    



select page
from "warehouse"."main"."fct_basic_expenditure"
where page is null


