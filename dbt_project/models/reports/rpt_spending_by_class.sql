-- Spending by 类 (支出功能分类 class, 3-digit code) across departments: one row per document
-- and class, from the document's 支出总表 (rpt_expenditure_by_function). Where a document
-- prints the 类 row, its amounts are taken as printed; where it prints only lower levels, the
-- class is summed from its highest printed level (款, else 项) so no row is counted twice.
-- share_pct is the class's share of the document's 合计. Budgets only (amount_kind
-- budgeted): a 决算's actual spending is compared with its budget in rpt_budget_execution.
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

subjects as (

    select * from {{ ref('dim_subject') }}
    where subject_system = 'function'

),

subject_rows as (

    select
        document_id,
        subject_code[1:3] as class_code,
        length(subject_code) as code_length,
        total_10k_yuan,
        basic_10k_yuan,
        project_10k_yuan,
        verification
    from expenditure
    where subject_code <> 'TOTAL'
        and length(subject_code) in (3, 5, 7)

),

by_level as (

    select
        document_id,
        class_code,
        code_length,
        sum(total_10k_yuan) as total_10k_yuan,
        sum(basic_10k_yuan) as basic_10k_yuan,
        sum(project_10k_yuan) as project_10k_yuan,
        {{ row_verification('verification') }} as verification
    from subject_rows
    group by document_id, class_code, code_length

),

highest_level as (

    select
        document_id,
        class_code,
        arg_min(code_length, code_length) as code_length,
        arg_min(total_10k_yuan, code_length) as total_10k_yuan,
        arg_min(basic_10k_yuan, code_length) as basic_10k_yuan,
        arg_min(project_10k_yuan, code_length) as project_10k_yuan,
        arg_min(verification, code_length) as verification
    from by_level
    group by document_id, class_code

),

document_totals as (

    select
        document_id,
        total_10k_yuan as document_total_10k_yuan,
        verification as document_total_verification
    from expenditure
    where subject_code = 'TOTAL'

),

final as (

    select
        highest_level.document_id,
        departments.department_name,
        departments.department_name_normalised,
        documents.budget_year,
        highest_level.class_code,
        subjects.subject_name as class_name,
        case highest_level.code_length when 3 then '类' when 5 then '款' when 7 then '项' end
            as amount_level,
        highest_level.total_10k_yuan,
        highest_level.basic_10k_yuan,
        highest_level.project_10k_yuan,
        document_totals.document_total_10k_yuan,
        case
            when document_totals.document_total_10k_yuan <> 0
                then cast(
                    highest_level.total_10k_yuan * 100 / document_totals.document_total_10k_yuan
                    as decimal(12, 2)
                )
        end as share_pct,
        -- the class's amounts (summed rows included) and the total the share divides by
        case
            when document_totals.document_total_verification = 'contradicted'
                then 'contradicted'
            when highest_level.verification = 'confirmed'
                and document_totals.document_total_verification = 'confirmed' then 'confirmed'
            when highest_level.verification in ('contradicted', 'unreadable')
                then highest_level.verification
            else 'unchecked'
        end as verification
    from highest_level
    inner join documents on documents.document_id = highest_level.document_id
    inner join departments on departments.department_key = documents.department_key
    left join subjects on subjects.subject_code = highest_level.class_code
    left join document_totals on document_totals.document_id = highest_level.document_id
    order by highest_level.document_id, highest_level.class_code

)

select * from final
