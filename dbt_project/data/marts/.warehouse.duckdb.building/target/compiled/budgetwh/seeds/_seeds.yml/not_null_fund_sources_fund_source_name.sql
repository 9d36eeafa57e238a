
    
    



select fund_source_name
from "warehouse"."main"."fund_sources"
where fund_source_name is null


