
    
    



select column_index
from "warehouse"."main"."fct_expenditure"
where column_index is null


