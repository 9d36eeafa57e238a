
    
    



select department_name
from "warehouse"."main"."rpt_spending_by_class"
where department_name is null


