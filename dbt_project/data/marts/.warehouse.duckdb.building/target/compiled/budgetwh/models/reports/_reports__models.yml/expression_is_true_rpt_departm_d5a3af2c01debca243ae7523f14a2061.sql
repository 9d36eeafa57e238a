select *
from "warehouse"."main"."rpt_department_year_over_year"
where not coalesce((change_10k_yuan = coalesce(compare_total_10k_yuan, 0) - coalesce(base_total_10k_yuan, 0)), false)
