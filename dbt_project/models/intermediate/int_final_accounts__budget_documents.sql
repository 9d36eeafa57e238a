-- One row per 部门决算 (final accounts): the budget document it is compared with — the same
-- department's budget of the same year (departments matched on the normalised name, so
-- （本级） does not matter; the same scope, 部门 or 单位, where both documents say), or none.
-- Where several budgets qualify, one of the same scope first, then the first by id.
with documents as (

    select * from {{ ref('dim_document') }}

),

departments as (

    select department_key, department_name_normalised from {{ ref('dim_department') }}

),

named as (

    select documents.*, departments.department_name_normalised
    from documents
    inner join departments on departments.department_key = documents.department_key

),

final_accounts as (

    select * from named where document_kind = 'final_accounts'

),

budgets as (

    select * from named where document_kind = 'budget'

),

final as (

    select
        final_accounts.document_id as actual_document_id,
        final_accounts.department_key,
        final_accounts.budget_year,
        budgets.document_id as budget_document_id
    from final_accounts
    left join budgets
        on budgets.department_name_normalised = final_accounts.department_name_normalised
        and budgets.budget_year = final_accounts.budget_year
        and (
            budgets.scope is null
            or final_accounts.scope is null
            or budgets.scope = final_accounts.scope
        )
    qualify row_number() over (
        partition by final_accounts.document_id
        order by
            budgets.scope is not distinct from final_accounts.scope desc,
            budgets.document_id
    ) = 1

)

select * from final
