
    
    



select budget_year
from "warehouse"."main"."dim_year"
where budget_year is null


