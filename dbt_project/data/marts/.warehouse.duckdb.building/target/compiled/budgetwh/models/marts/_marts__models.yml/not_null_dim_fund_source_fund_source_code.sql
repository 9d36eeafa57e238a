
    
    



select fund_source_code
from "warehouse"."main"."dim_fund_source"
where fund_source_code is null


