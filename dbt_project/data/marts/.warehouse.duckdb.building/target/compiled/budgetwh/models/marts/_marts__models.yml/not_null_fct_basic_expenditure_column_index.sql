
    
    



select column_index
from "warehouse"."main"."fct_basic_expenditure"
where column_index is null


