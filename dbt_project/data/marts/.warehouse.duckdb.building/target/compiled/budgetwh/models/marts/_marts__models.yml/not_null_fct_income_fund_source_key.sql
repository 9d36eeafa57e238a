
    
    



select fund_source_key
from "warehouse"."main"."fct_income"
where fund_source_key is null


