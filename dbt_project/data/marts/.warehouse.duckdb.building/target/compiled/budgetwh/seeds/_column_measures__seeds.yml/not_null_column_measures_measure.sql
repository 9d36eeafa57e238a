
    
    



select measure
from "warehouse"."main"."column_measures"
where measure is null


