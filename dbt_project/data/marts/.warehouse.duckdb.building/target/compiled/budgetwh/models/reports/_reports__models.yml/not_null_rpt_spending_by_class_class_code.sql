
    
    



select class_code
from "warehouse"."main"."rpt_spending_by_class"
where class_code is null


