select
    document_id, item,
    count(*) as occurrences
from "warehouse"."main"."fct_three_public"
group by document_id, item
having count(*) > 1
