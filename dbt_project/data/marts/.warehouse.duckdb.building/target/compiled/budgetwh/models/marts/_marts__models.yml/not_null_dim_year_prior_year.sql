
    
    



select prior_year
from "warehouse"."main"."dim_year"
where prior_year is null


