-- Rebuilds the printed 一般公共预算基本支出表: one row per economic subject row as printed,
-- econ_code filled in from the name where the document prints none, plus 'TOTAL' for 合计.
-- Contract for analysts and checks: names and columns are fixed. A 决算 prints the table
-- side by side (人员经费 rows left, 公用经费 rows right, no overall 合计): its rows follow
-- the left half then the right, and its TOTAL row holds 人员经费合计 and 公用经费合计 with
-- total_10k_yuan null. amount_kind: budgeted (a budget) or actual (a 决算).
{{ config(materialized='incremental') }}

with documents as (

    select document_id, amount_kind from {{ changed_rows(ref('dim_document')) }}

),

basic as (

    select fct_basic_expenditure.*
    from {{ changed_rows(ref('fct_basic_expenditure')) }} as fct_basic_expenditure
    inner join documents
        on documents.document_id = fct_basic_expenditure.document_id
        and documents.amount_kind = fct_basic_expenditure.amount_kind

),

source_table as (

    -- the 一般公共预算基本支出表 (a 财政拨款基本支出表 also counts other appropriations)
    select
        document_id,
        arg_min(
            table_id,
            (case table_type when 'general_public_basic_expenditure' then 0 else 1 end, table_id)
        ) as table_id
    from basic
    group by document_id

),

rows_printed as (

    select
        basic.document_id,
        basic.amount_kind,
        basic.row_index,
        -- the half of a side-by-side table (a total row spanning both halves comes last)
        max(basic.panel) as panel,
        case when basic.is_total then 'TOTAL' else basic.econ_code end as econ_code,
        case when basic.is_total then '合计' else basic.econ_name_printed end as econ_name,
        sum(basic.amount_10k_yuan) filter (where basic.expenditure_type = 'total')
            as total_10k_yuan,
        sum(basic.amount_10k_yuan) filter (where basic.expenditure_type = 'personnel')
            as personnel_10k_yuan,
        sum(basic.amount_10k_yuan) filter (where basic.expenditure_type = 'public')
            as public_10k_yuan,
        {{ row_verification('basic.verification') }} as verification
    from basic
    inner join source_table on source_table.table_id = basic.table_id
    group by all

),

final as (

    select
        document_id,
        econ_code,
        econ_name,
        total_10k_yuan,
        personnel_10k_yuan,
        public_10k_yuan,
        amount_kind,
        verification
    from rows_printed
    order by document_id, panel, row_index

)

select * from final
