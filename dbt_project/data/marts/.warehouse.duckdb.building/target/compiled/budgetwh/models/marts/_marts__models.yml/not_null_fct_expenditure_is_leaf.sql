
    
    



select is_leaf
from "warehouse"."main"."fct_expenditure"
where is_leaf is null


