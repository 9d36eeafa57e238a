-- Grain: one row per printed income amount: document × table × printed row × column.
-- Income is printed three ways: as rows of the 收支总表 / 财政拨款收支总表 income side (the
-- row names the source), and as columns of the 收入总表 (the column names the source, the
-- row names a subject or a unit). fund_source_key says which source either way.
{{ config(materialized='incremental') }}

with measured as (

    select * from {{ changed_rows(ref('stg_budget__line_items')) }}

),

documents as (

    select document_id, budget_year, department_key from {{ changed_rows(ref('dim_document')) }}

),

verification as (

    select * from {{ changed_rows(ref('int_reconciliation__verification')) }}

),

income as (

    select
        measured.*,
        case
            when measured.table_type = 'income_summary'
                then coalesce(measured.column_fund_source_code, case
                    when measured.measure in ('carryover', 'carryover_by_source')
                        then 'prior_year_carryover'
                end)
            else measured.row_fund_source_code
        end as fund_source_code
    from measured
    where (measured.table_type in ('income_expenditure_summary', 'fiscal_appropriation_summary')
            and measured.side = 'income')
        or measured.table_type = 'income_summary'

),

final as (

    select
        {{ line_item_key('income') }} as income_key,
        income.document_id,
        documents.department_key,
        documents.budget_year,
        income.table_id,
        income.table_type,
        income.page,
        income.row_index,
        income.column_index,
        coalesce(income.fund_source_code, 'unknown') as fund_source_key,
        case
            when income.subject_system = 'function' and income.subject_code is not null
                then 'function:' || income.subject_code
            else 'unknown'
        end as subject_key,
        income.subject_code,
        income.item_name as row_label,
        income.label_printed,
        income.is_total,
        income.row_kind,
        income.column_path,
        income.measure as income_measure,
        income.amount_kind,
        income.amount_printed,
        income.is_blank,
        income.amount_yuan,
        income.amount_10k_yuan,
        {{ verification() }} as verification
    from income
    inner join documents on documents.document_id = income.document_id
    left join verification on verification.fact_key = income.cell_key

)

select * from final
