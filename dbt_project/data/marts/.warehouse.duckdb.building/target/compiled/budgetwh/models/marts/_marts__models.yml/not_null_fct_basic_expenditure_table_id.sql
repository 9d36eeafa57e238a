
    
    



select table_id
from "warehouse"."main"."fct_basic_expenditure"
where table_id is null


