select
    document_id, class_code,
    count(*) as occurrences
from "warehouse"."main"."rpt_spending_by_class"
group by document_id, class_code
having count(*) > 1
