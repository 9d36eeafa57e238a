
    
    



select table_type_pattern
from "warehouse"."main"."column_measures"
where table_type_pattern is null


