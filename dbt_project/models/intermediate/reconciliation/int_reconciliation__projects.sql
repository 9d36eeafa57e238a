-- One row per project check:
--   project_rows_total: a 项目支出表's total row (合计) or a unit's row (a unit heading the
--     projects it implements) against the sum of the projects it covers, in the projects'
--     total column — the rows below it up to the next unit row. Only where projects are
--     flat: 一级 rows that repeat their 二级 rows' sum are left out of the sum.
--   project_performance_amounts: each 项目支出绩效目标表's 项目资金 against the 项目支出表 row
--     the project linker linked its project to (stg_budget__project_links: exact or similar
--     names, amounts confirming; a link made by names alone is where a difference can show).
-- Both read the 项目支出表 as its one reader wrote it (project_lines, project_totals).
{{ config(materialized='incremental') }}

with lines as (

    select
        *,
        cast(coalesce(amount_yuan, 0) * 0.0001 as decimal(20, 6)) as amount_10k_yuan
    from {{ changed_rows(ref('stg_budget__project_lines')) }}

),

totals as (

    select
        *,
        cast(coalesce(amount_yuan, 0) * 0.0001 as decimal(20, 6)) as amount_10k_yuan,
        lead(row_index) over (partition by table_id order by row_index) as next_total_row
    from {{ changed_rows(ref('stg_budget__project_totals')) }}

),

performance_projects as (

    select * from {{ changed_rows(ref('stg_budget__performance_projects')) }}

),

links as (

    select * from {{ changed_rows(ref('stg_budget__project_links')) }}
    where source_kind = 'target_form' and is_linked

),

tables as (

    select document_id, table_id, title from {{ changed_rows(ref('stg_budget__tables')) }}

),

covered as (

    -- a total covers the projects after it (a total printed last covers those before it)
    select
        totals.document_id,
        totals.table_id,
        totals.row_index,
        totals.page,
        totals.label,
        totals.row_kind,
        totals.amount_10k_yuan as printed_10k_yuan,
        lines.amount_10k_yuan,
        lines.has_children,
        lines.line_seq
    from totals
    inner join lines
        on lines.table_id = totals.table_id
        and (
            (totals.row_kind = 'unit' and lines.row_index > totals.row_index
                and lines.row_index < coalesce(totals.next_total_row, 2147483647))
            or (totals.row_kind = 'total' and lines.row_index <> totals.row_index)
        )

),

project_sums as (

    select
        covered.document_id,
        'project_rows_total' as check_id,
        covered.table_id,
        tables.title || ' p.' || covered.page || ' · ' || covered.label
            || ' = Σ ' || count(*) || ' 项目' as location,
        covered.page,
        sum(covered.amount_10k_yuan) as expected_10k_yuan,
        any_value(covered.printed_10k_yuan) as printed_10k_yuan,
        list(
            {{ project_line_key('covered.document_id', 'covered.table_id', 'covered.line_seq') }}
            order by covered.line_seq
        ) as participant_keys
    from covered
    inner join tables on tables.table_id = covered.table_id
    where not covered.has_children
    group by
        covered.document_id, covered.table_id, covered.row_index, covered.page,
        covered.label, tables.title
    -- a total the projects cannot be lined up with (nested tables the reader did not
    -- untangle) is not judged: a difference above 1 % is the reading, not the document
    having abs(sum(covered.amount_10k_yuan) - any_value(covered.printed_10k_yuan))
        <= abs(any_value(covered.printed_10k_yuan)) / 100

),

performance as (

    select
        performance_projects.document_id,
        performance_projects.table_id,
        performance_projects.project_seq,
        performance_projects.page,
        performance_projects.project_name,
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
            || ' [项目资金 ' || performance.amount_yuan || '元] vs ' || lines.table_title
            || ' p.' || lines.page || ' · ' || lines.project_name
            || ' [' || links.match_method || ']' as location,
        performance.page,
        lines.amount_10k_yuan as expected_10k_yuan,
        -- the 项目支出表 prints 万元 to two decimals: a target table in 元 agrees with it when
        -- it rounds to the same figure
        round(performance.amount_10k_yuan, 2) as printed_10k_yuan,
        [
            {{ project_line_key('lines.document_id', 'lines.table_id', 'lines.line_seq') }},
            {{ target_project_key(
                'performance.document_id', 'performance.table_id', 'performance.project_seq'
            ) }}
        ] as participant_keys
    from performance
    inner join links
        on links.source_table_id = performance.table_id
        and links.source_seq = performance.project_seq
    inner join lines
        on lines.table_id = links.line_table_id
        and lines.line_seq = links.line_seq

),

final as (

    select * from project_sums
    union all
    select * from performance_matches

)

select * from final
