
    
    



select document_id
from "warehouse"."main"."rpt_performance_indicators"
where document_id is null


