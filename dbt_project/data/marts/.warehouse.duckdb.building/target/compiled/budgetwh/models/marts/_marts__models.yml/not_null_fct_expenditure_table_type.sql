
    
    



select table_type
from "warehouse"."main"."fct_expenditure"
where table_type is null


