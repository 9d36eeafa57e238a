select
    performance_table_id, project_seq,
    count(*) as occurrences
from "warehouse"."main"."int_project_links"
group by performance_table_id, project_seq
having count(*) > 1
