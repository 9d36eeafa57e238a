
    
    



select table_id
from "warehouse"."main"."fct_expenditure"
where table_id is null


