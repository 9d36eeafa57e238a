
    
    



select source_name
from "warehouse"."main"."rpt_income_by_source"
where source_name is null


