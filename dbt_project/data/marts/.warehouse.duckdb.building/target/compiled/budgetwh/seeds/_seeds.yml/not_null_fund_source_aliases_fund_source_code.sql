
    
    



select fund_source_code
from "warehouse"."main"."fund_source_aliases"
where fund_source_code is null


