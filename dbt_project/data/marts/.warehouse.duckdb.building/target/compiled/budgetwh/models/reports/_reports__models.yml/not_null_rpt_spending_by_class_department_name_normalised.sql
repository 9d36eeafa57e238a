
    
    



select department_name_normalised
from "warehouse"."main"."rpt_spending_by_class"
where department_name_normalised is null


