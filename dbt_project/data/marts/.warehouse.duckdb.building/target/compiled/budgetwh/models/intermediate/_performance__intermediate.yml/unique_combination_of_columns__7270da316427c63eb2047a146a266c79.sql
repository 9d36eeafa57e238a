select
    line_table_id, line_seq,
    count(*) as occurrences
from "warehouse"."main"."int_project_links"
group by line_table_id, line_seq
having count(*) > 1
