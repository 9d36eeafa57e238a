
    
    



select compare_document_id
from "warehouse"."main"."rpt_department_year_over_year"
where compare_document_id is null


