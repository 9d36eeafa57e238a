
    
    



select table_id
from "warehouse"."main"."fct_income"
where table_id is null


