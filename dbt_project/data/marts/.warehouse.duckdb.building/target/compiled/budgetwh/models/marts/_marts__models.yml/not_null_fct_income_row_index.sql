
    
    



select row_index
from "warehouse"."main"."fct_income"
where row_index is null


