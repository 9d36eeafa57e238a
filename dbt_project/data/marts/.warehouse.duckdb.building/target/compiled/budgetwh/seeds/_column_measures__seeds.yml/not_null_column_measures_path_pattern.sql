
    
    



select path_pattern
from "warehouse"."main"."column_measures"
where path_pattern is null


