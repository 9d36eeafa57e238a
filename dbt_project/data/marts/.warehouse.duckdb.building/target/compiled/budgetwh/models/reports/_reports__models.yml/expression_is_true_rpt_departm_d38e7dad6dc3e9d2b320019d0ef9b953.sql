select *
from "warehouse"."main"."rpt_department_year_over_year"
where not coalesce((compare_year > base_year), false)
