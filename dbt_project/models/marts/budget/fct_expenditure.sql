-- Grain: one row per printed amount of a 支出功能分类 (function) subject row: document ×
-- table × printed row × measure (合计, 基本支出, 人员经费, 项目支出 …). 类/款/项 rows are all
-- kept as printed (is_leaf tells the 项), so subtotals can be checked against their parts.
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
        {{ line_item_key('measured') }} as expenditure_key,
        measured.document_id,
        documents.department_key,
        documents.budget_year,
        measured.table_id,
        measured.table_type,
        measured.page,
        measured.row_index,
        measured.column_index,
        {{ line_item_subject_key('measured', 'function') }} as subject_key,
        measured.subject_code,
        measured.code_source,
        measured.item_name as subject_name_printed,
        measured.label_printed,
        measured.is_total,
        measured.row_kind,
        coalesce(length(measured.subject_code) = 7, false) as is_leaf,
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
    where measured.subject_system = 'function'
        and measured.measure is not null

)

select * from final
