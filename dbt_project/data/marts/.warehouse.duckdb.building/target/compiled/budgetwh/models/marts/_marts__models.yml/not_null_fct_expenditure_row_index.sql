
    
    



select row_index
from "warehouse"."main"."fct_expenditure"
where row_index is null


