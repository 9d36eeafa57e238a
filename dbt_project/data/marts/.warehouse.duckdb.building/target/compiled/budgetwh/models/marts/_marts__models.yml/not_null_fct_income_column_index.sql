
    
    



select column_index
from "warehouse"."main"."fct_income"
where column_index is null


