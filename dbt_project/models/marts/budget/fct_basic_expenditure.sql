-- Grain: one row per printed amount of the 一般公共预算基本支出表: document × economic subject
-- row × measure (合计, 人员经费, 公用经费).
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

final as (

    select
        {{ line_item_key('measured') }} as basic_expenditure_key,
        measured.document_id,
        documents.department_key,
        documents.budget_year,
        measured.table_id,
        measured.table_type,
        measured.page,
        measured.row_index,
        measured.column_index,
        measured.panel,
        {{ line_item_subject_key('measured', 'economic') }} as subject_key,
        measured.subject_code as econ_code,
        measured.code_source,
        measured.item_name as econ_name_printed,
        measured.secondary_label as econ_name_secondary,
        measured.is_total,
        measured.row_kind,
        measured.column_path,
        measured.measure as expenditure_type,
        measured.amount_kind,
        measured.amount_printed,
        measured.is_blank,
        measured.amount_yuan,
        measured.amount_10k_yuan,
        {{ verification() }} as verification
    from measured
    inner join documents on documents.document_id = measured.document_id
    left join verification on verification.fact_key = measured.cell_key
    where measured.subject_system = 'economic'
        and measured.measure is not null

)

select * from final
