-- One row per project of a 项目支出表 and fund source: this year's and carried-over money
-- (fund sources from the column header path via the seed fund_source_aliases; a column whose
-- header names no source is fund source 'unspecified'). A 一级 parent row repeats the sum of
-- its 二级 rows (is_parent_total): sum the rows where it is false.
with  __dbt__cte__stg_budget__project_lines as (
-- One row per project row of a 项目支出表 (see pipelines/clean/projects.py).
with source as (

    select * from read_parquet('/tmp/session/data/staging/project_lines/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final
), lines as (

    select * from __dbt__cte__stg_budget__project_lines

),

aliases as (

    select * from "warehouse"."main"."fund_source_aliases"

),

funds as (

    select
        lines.document_id,
        lines.table_id,
        lines.line_seq,
        lines.page,
        lines.row_index,
        lines.has_children,
        fund.column_path,
        fund.period,
        fund.amount_yuan
    from lines, unnest(lines.funds) as t(fund)
    where fund.amount_yuan is not null

),

sourced as (

    select
        funds.*,
        coalesce(aliases.fund_source_code, 'unspecified') as fund_source_code
    from funds
    left join aliases
        on aliases.alias = regexp_replace(
            regexp_extract(funds.column_path, '[^/]+$'), '^其中[:：]', ''
        )

),

final as (

    select
        md5(concat_ws('|', document_id, table_id, line_seq)) as project_key,
        document_id,
        fund_source_code,
        has_children as is_parent_total,
        cast(sum(amount_yuan) filter (where period = 'current_year') / 10000 as decimal(20, 6))
            as current_year_10k_yuan,
        cast(sum(amount_yuan) filter (where period = 'carryover') / 10000 as decimal(20, 6))
            as carryover_10k_yuan,
        cast(sum(amount_yuan) / 10000 as decimal(20, 6)) as amount_10k_yuan,
        string_agg(column_path, '; ' order by column_path) as column_paths,
        table_id,
        min(page) as page,
        min(row_index) as row_index
    from sourced
    group by document_id, table_id, line_seq, fund_source_code, has_children

)

select * from final