-- Contract: rpt_key_totals(document_id, table_kind, item, column_name, amount, unit,
-- amount_yuan, page) — one row per key figure a document prints: the grand totals of the two
-- summaries, the 合计 and 类 rows of the 一般公共预算 function and economic tables, and the
-- 三公 items; spelled as in ../shared/real/key_totals.md (table_kind, item, column). amount
-- and unit as printed (thousands separators removed, printed decimals kept; null for a cell
-- printed blank), amount_yuan exact. A table that prints no figure at all is one row with
-- item 'EMPTY'. Every figure is taken from the first table of its kind that prints figures.
-- Figures are the document's own kind (a 决算's 决算数, a budget's 预算数); the 三公 table
-- gives both a 决算's columns (column budget and actual).
{{ config(materialized='incremental') }}

with documents as (

    select document_id, amount_kind from {{ changed_rows(ref('dim_document')) }}

),

line_items as (

    select stg_budget__line_items.*
    from {{ changed_rows(ref('stg_budget__line_items')) }} as stg_budget__line_items
    inner join documents on documents.document_id = stg_budget__line_items.document_id
    where stg_budget__line_items.reading <> 'unreadable'
        and (
            stg_budget__line_items.amount_kind = documents.amount_kind
            or stg_budget__line_items.table_type = 'three_public'
        )

),

tables as (

    select * from {{ changed_rows(ref('stg_budget__tables')) }}

),

verification as (

    select * from {{ changed_rows(ref('int_reconciliation__verification')) }}

),

kinds as (

    -- the table types of the key figures, under the names key_totals.md gives them
    select * from (
        values
            ('income_expenditure_summary', 'income_expenditure_summary'),
            ('fiscal_appropriation_summary', 'fiscal_appropriation_summary'),
            ('general_public_expenditure', 'general_public_expenditure'),
            ('general_public_basic_expenditure', 'basic_by_economic'),
            ('three_public', 'three_public')
    ) as kinds(table_type, table_kind)

),

first_tables as (

    select
        tables.document_id,
        kinds.table_kind,
        min(tables.table_id) filter (where not tables.is_empty) as table_id,
        min(tables.table_id) as any_table_id
    from tables
    inner join kinds on kinds.table_type = tables.table_type
    group by tables.document_id, kinds.table_kind

),

cells as (

    select
        line_items.*,
        first_tables.table_kind
    from line_items
    inner join first_tables on first_tables.table_id = line_items.table_id

),

summaries as (

    select
        document_id,
        table_kind,
        case side when 'income' then 'income_grand_total' else 'expenditure_grand_total' end
            as item,
        'total' as column_name,
        cells.*  exclude (document_id, table_kind)
    from cells
    where table_kind in ('income_expenditure_summary', 'fiscal_appropriation_summary')
        and row_kind = 'grand_total'
        and measure = 'total'
        and side in ('income', 'expenditure')

),

classified as (

    select
        document_id,
        table_kind,
        case when is_total then 'TOTAL' else subject_code end as item,
        case measure
            when 'basic_personnel' then 'personnel'
            when 'basic_public' then 'public'
            else measure
        end as column_name,
        cells.* exclude (document_id, table_kind)
    from cells
    where table_kind in ('general_public_expenditure', 'basic_by_economic')
        and (
            (is_total and row_kind in ('total', 'grand_total')
                and measure in ('total', 'basic', 'project', 'personnel', 'public'))
            or (not is_total and length(subject_code) = 3 and measure = 'total')
        )

),

three_public as (

    select
        document_id,
        table_kind,
        three_public_item as item,
        case period when 'actual' then 'actual' else 'budget' end as column_name,
        cells.* exclude (document_id, table_kind)
    from cells
    where table_kind = 'three_public'
        and three_public_item in (
            'total', 'outbound_travel', 'reception', 'vehicle_total', 'vehicle_purchase',
            'vehicle_operation'
        )
        and period in ('budget_year', 'actual')

),

figures as (

    select * from summaries
    union all by name
    select * from classified
    union all by name
    select * from three_public

),

chosen as (

    -- one figure per item and column: the first printed (a summary's merged total row
    -- and a 三公 table split by fund source repeat a figure further right)
    select *
    from figures
    qualify row_number() over (
        partition by document_id, table_kind, item, column_name
        order by row_index, column_index
    ) = 1

),

empty_tables as (

    select
        first_tables.document_id,
        first_tables.table_kind,
        'EMPTY' as item,
        cast(null as varchar) as column_name,
        cast(null as varchar) as amount,
        tables.unit,
        cast(null as decimal(20, 2)) as amount_yuan,
        tables.page_first as page
    from first_tables
    inner join tables on tables.table_id = first_tables.any_table_id
    where first_tables.table_id is null

),

final as (

    select
        chosen.document_id,
        chosen.table_kind,
        chosen.item,
        chosen.column_name,
        case
            when chosen.reading = 'amount'
                then replace(regexp_replace(chosen.amount_printed, '\s', '', 'g'), ',', '')
        end as amount,
        chosen.unit,
        chosen.amount_yuan,
        chosen.page,
        {{ verification() }} as verification
    from chosen
    left join verification on verification.fact_key = chosen.cell_key
    union all
    select *, 'unchecked' as verification from empty_tables

)

select * from final
order by document_id, table_kind, item, column_name
