select
    document_id, subject_code,
    count(*) as occurrences
from "warehouse"."main"."rpt_expenditure_by_function"
group by document_id, subject_code
having count(*) > 1
