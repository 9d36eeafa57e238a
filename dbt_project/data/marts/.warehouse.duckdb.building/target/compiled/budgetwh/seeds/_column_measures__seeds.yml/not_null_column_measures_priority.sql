
    
    



select priority
from "warehouse"."main"."column_measures"
where priority is null


