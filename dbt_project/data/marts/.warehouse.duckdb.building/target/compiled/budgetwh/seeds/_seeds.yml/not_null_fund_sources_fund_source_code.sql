
    
    



select fund_source_code
from "warehouse"."main"."fund_sources"
where fund_source_code is null


