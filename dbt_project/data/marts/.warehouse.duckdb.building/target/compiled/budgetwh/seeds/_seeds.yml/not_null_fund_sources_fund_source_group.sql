
    
    



select fund_source_group
from "warehouse"."main"."fund_sources"
where fund_source_group is null


