
    
    



select fund_source_name
from "warehouse"."main"."dim_fund_source"
where fund_source_name is null


