select
    document_id, item,
    count(*) as occurrences
from "warehouse"."main"."rpt_three_public_over_time"
group by document_id, item
having count(*) > 1
