
    
    



select alias
from "warehouse"."main"."fund_source_aliases"
where alias is null


