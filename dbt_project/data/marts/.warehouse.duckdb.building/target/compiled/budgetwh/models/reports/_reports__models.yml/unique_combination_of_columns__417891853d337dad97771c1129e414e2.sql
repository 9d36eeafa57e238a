select
    document_id, source_name,
    count(*) as occurrences
from "warehouse"."main"."rpt_income_by_source"
group by document_id, source_name
having count(*) > 1
