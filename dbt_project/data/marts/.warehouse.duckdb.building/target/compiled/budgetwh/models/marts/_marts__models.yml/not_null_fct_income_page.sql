
    
    



select page
from "warehouse"."main"."fct_income"
where page is null


