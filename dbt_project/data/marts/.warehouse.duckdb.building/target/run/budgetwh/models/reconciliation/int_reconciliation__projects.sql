
    

    create  table
      "warehouse"."main"."int_reconciliation__projects__dbt_tmp"
  
    
    as (
      -- One row per project check:
--   project_rows_total: a 项目支出表's leading total row (the 合计 row, or the first row —
--     templates print the unit's row on top) against the sum of the rows below it, in the
--     table's 合计 column. Only flat tables are evaluated: where 一级 / 二级 projects or
--     categories are nested, the rows below double-count and the sum is far (> 1 %) from the
--     total, so the table is skipped rather than reported as a false difference.
--   project_performance_amounts: each 项目支出绩效目标表's 项目资金 against the 项目支出表 row
--     of the same project name (when one name is printed on several rows, the row with the
--     same amount, else the closest).
with  __dbt__cte__stg_budget__performance_projects as (
with source as (

    select * from read_parquet('/tmp/session/data/staging/performance_projects/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final
),  __dbt__cte__stg_budget__tables as (
with source as (

    select * from read_parquet('/tmp/session/data/staging/tables/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final
), amounts as (

    select * from "warehouse"."main"."int_reconciliation__amounts"
    where table_type = 'project_expenditure'
        and regexp_matches(column_path, '^(合计|总计|小计)$')

),

performance_projects as (

    select * from __dbt__cte__stg_budget__performance_projects

),

tables as (

    select document_id, table_id, title from __dbt__cte__stg_budget__tables

),

total_rows as (

    select *
    from amounts
    qualify row_number() over (
        partition by table_id order by is_total desc, row_index
    ) = 1

),

project_sums as (

    select
        total_rows.document_id,
        'project_rows_total' as check_id,
        total_rows.table_id,
        total_rows.cell_location || ' = Σ ' || count(*) || ' 项目' as location,
        total_rows.page,
        sum(project.amount_10k_yuan) as expected_10k_yuan,
        any_value(total_rows.amount_10k_yuan) as printed_10k_yuan
    from total_rows
    inner join amounts as project
        on project.table_id = total_rows.table_id
        and project.row_index > total_rows.row_index
        and not project.is_total
    group by
        total_rows.document_id, total_rows.table_id, total_rows.cell_location,
        total_rows.page
    having abs(sum(project.amount_10k_yuan) - any_value(total_rows.amount_10k_yuan))
        <= abs(any_value(total_rows.amount_10k_yuan)) / 100

),

project_rows as (

    select
        amounts.*,
        regexp_replace(amounts.item_name, '\s+', '', 'g') as name_key
    from amounts
    anti join total_rows
        on total_rows.table_id = amounts.table_id
        and total_rows.row_index = amounts.row_index

),

performance as (

    select
        performance_projects.document_id,
        performance_projects.table_id,
        performance_projects.page,
        performance_projects.project_name,
        regexp_replace(performance_projects.project_name, '\s+', '', 'g') as name_key,
        performance_projects.amount_yuan,
        cast(performance_projects.amount_yuan * 0.0001 as decimal(20, 6)) as amount_10k_yuan,
        tables.title
    from performance_projects
    inner join tables on tables.table_id = performance_projects.table_id
    where performance_projects.amount_yuan is not null

),

performance_matches as (

    select
        performance.document_id,
        'project_performance_amounts' as check_id,
        performance.table_id,
        performance.title || ' p.' || performance.page || ' · ' || performance.project_name
            || ' [项目资金 ' || performance.amount_yuan || '元] vs ' || project_rows.table_title
            || ' p.' || project_rows.page as location,
        performance.page,
        project_rows.amount_10k_yuan as expected_10k_yuan,
        -- the 项目支出表 prints 万元 to two decimals: a target table in 元 agrees with it when
        -- it rounds to the same figure
        round(performance.amount_10k_yuan, 2) as printed_10k_yuan
    from performance
    inner join project_rows
        on project_rows.document_id = performance.document_id
        and project_rows.name_key = performance.name_key
    qualify row_number() over (
        partition by performance.table_id, performance.name_key
        order by abs(project_rows.amount_10k_yuan - round(performance.amount_10k_yuan, 2)),
            project_rows.table_id, project_rows.row_index
    ) = 1

),

final as (

    select * from project_sums
    union all
    select * from performance_matches

)

select * from final
    );
    
  