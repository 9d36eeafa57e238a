select
    table_id, row_index, column_index,
    count(*) as occurrences
from "warehouse"."main"."int_line_items__measured"
group by table_id, row_index, column_index
having count(*) > 1
