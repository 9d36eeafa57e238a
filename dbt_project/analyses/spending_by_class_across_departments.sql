-- Spending by 功能分类 类 across departments for one budget year: one row per department, one
-- column per 类 printed by any of them (万元; DuckDB's PIVOT finds the columns, so no class
-- code is written here). Set the year with `--vars '{budget_year: 2024}'`.
pivot (

    select
        department_name,
        class_code || ' ' || class_name as class,
        total_10k_yuan
    from {{ ref('rpt_spending_by_class') }}
    where budget_year = {{ var('budget_year', 2024) }}

)
on class
using sum(total_10k_yuan)
group by department_name
order by department_name
