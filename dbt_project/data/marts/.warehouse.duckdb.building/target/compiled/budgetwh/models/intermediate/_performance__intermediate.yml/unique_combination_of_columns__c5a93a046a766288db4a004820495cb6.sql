select
    document_id, item, period,
    count(*) as occurrences
from "warehouse"."main"."int_three_public__amounts"
group by document_id, item, period
having count(*) > 1
