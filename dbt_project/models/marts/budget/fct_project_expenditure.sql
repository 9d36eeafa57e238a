-- One row per project of a 项目支出表 and fund source: this year's and carried-over money
-- (the fund source the column header names, read in cleaning with the vocabulary
-- fund_source_aliases; a column whose header names no source is the unknown member). A
-- 一级 parent row repeats the sum of its 二级 rows (is_parent_total): sum the rows where it
-- is false.
with lines as (

    select * from {{ ref('stg_budget__project_lines') }}

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
        coalesce(fund.fund_source, 'unknown') as fund_source_code,
        fund.period,
        fund.amount_yuan
    from lines, unnest(lines.funds) as t(fund)
    where fund.amount_yuan is not null

),

facts as (

    select
        {{ project_line_key('document_id', 'table_id', 'line_seq') }} as project_key,
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
    from funds
    group by document_id, table_id, line_seq, fund_source_code, has_children

),

document_keys as (

    select document_id, department_key, budget_year from {{ ref('dim_document') }}

),

verification as (

    select * from {{ ref('int_reconciliation__verification') }}

),

final as (

    select
        facts.document_id,
        document_keys.department_key,
        document_keys.budget_year,
        facts.* exclude (document_id),
        {{ verification() }} as verification
    from facts
    inner join document_keys on document_keys.document_id = facts.document_id
    left join verification on verification.fact_key = facts.project_key

)

select * from final
