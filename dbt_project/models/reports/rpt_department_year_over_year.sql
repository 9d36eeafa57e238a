-- Year over year (同比) for the same department: every pair of its documents from two budget
-- years, subject by subject (支出功能分类 code as printed in the 支出总表), with both years'
-- amounts, the change and the change in percent. Departments are matched on the normalised
-- name (（本级） and similar qualifiers removed); subjects on the code, so a renamed subject
-- still lines up. A subject printed in one year only has the other year null (counted as 0
-- in the change: not printed means not budgeted). Budgets only: a 决算 (actual spending) is
-- never paired with a budget here (rpt_budget_execution compares them).
with expenditure as (

    select * from {{ ref('rpt_expenditure_by_function') }}
    where amount_kind = 'budgeted'

),

documents as (

    select * from {{ ref('dim_document') }}

),

departments as (

    select * from {{ ref('dim_department') }}

),

department_documents as (

    select
        documents.document_id,
        documents.budget_year,
        departments.department_name_normalised
    from documents
    inner join departments on departments.department_key = documents.department_key
    where documents.budget_year is not null
        and documents.amount_kind = 'budgeted'
        and departments.document_count > 0

),

document_pairs as (

    select
        base.department_name_normalised,
        base.document_id as base_document_id,
        base.budget_year as base_year,
        compare.document_id as compare_document_id,
        compare.budget_year as compare_year
    from department_documents as base
    inner join department_documents as compare
        on compare.department_name_normalised = base.department_name_normalised
        and compare.budget_year > base.budget_year

),

base_rows as (

    select
        document_pairs.*,
        expenditure.subject_code,
        expenditure.subject_name,
        expenditure.total_10k_yuan
    from document_pairs
    inner join expenditure on expenditure.document_id = document_pairs.base_document_id

),

compare_rows as (

    select
        document_pairs.*,
        expenditure.subject_code,
        expenditure.subject_name,
        expenditure.total_10k_yuan
    from document_pairs
    inner join expenditure on expenditure.document_id = document_pairs.compare_document_id

),

matched as (

    select
        coalesce(base_rows.department_name_normalised, compare_rows.department_name_normalised)
            as department_name_normalised,
        coalesce(base_rows.base_document_id, compare_rows.base_document_id) as base_document_id,
        coalesce(base_rows.compare_document_id, compare_rows.compare_document_id)
            as compare_document_id,
        coalesce(base_rows.base_year, compare_rows.base_year) as base_year,
        coalesce(base_rows.compare_year, compare_rows.compare_year) as compare_year,
        coalesce(base_rows.subject_code, compare_rows.subject_code) as subject_code,
        base_rows.subject_name as base_subject_name,
        compare_rows.subject_name as compare_subject_name,
        base_rows.total_10k_yuan as base_total_10k_yuan,
        compare_rows.total_10k_yuan as compare_total_10k_yuan
    from base_rows
    full outer join compare_rows
        on compare_rows.base_document_id = base_rows.base_document_id
        and compare_rows.compare_document_id = base_rows.compare_document_id
        and compare_rows.subject_code = base_rows.subject_code

),

final as (

    select
        matched.department_name_normalised,
        matched.base_year,
        matched.compare_year,
        matched.base_document_id,
        matched.compare_document_id,
        matched.subject_code,
        coalesce(matched.compare_subject_name, matched.base_subject_name) as subject_name,
        case
            when matched.subject_code = 'TOTAL' then null
            when length(matched.subject_code) = 3 then '类'
            when length(matched.subject_code) = 5 then '款'
            when length(matched.subject_code) = 7 then '项'
        end as subject_level,
        matched.base_total_10k_yuan,
        matched.compare_total_10k_yuan,
        coalesce(matched.compare_total_10k_yuan, 0) - coalesce(matched.base_total_10k_yuan, 0)
            as change_10k_yuan,
        case
            when matched.base_total_10k_yuan <> 0
                then cast(
                    (coalesce(matched.compare_total_10k_yuan, 0) - matched.base_total_10k_yuan)
                    * 100
                    / matched.base_total_10k_yuan
                    as decimal(12, 2)
                )
        end as change_pct
    from matched
    order by
        matched.department_name_normalised,
        matched.base_year,
        matched.compare_year,
        matched.subject_code

)

select * from final
