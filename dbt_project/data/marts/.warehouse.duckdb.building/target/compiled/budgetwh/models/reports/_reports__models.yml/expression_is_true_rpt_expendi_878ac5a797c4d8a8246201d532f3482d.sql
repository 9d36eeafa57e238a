select *
from "warehouse"."main"."rpt_expenditure_by_function"
where not coalesce(((subject_code = 'TOTAL') = (subject_level is null)), false)
