
    
    



select econ_name
from "warehouse"."main"."rpt_basic_expenditure_by_economic"
where econ_name is null


