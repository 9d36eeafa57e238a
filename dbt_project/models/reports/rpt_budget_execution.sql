-- Budget against actual (预算执行): one row per 部门决算 (final accounts) × 功能分类 subject
-- printed by its expenditure table or by the budget it is compared with, plus 'TOTAL' (合计):
-- the year's budget for the subject, what was spent (决算数) and the share spent. Contract:
-- rpt_budget_execution(department_key, budget_year, subject_code, subject_name, subject_level,
-- budget_10k_yuan, actual_10k_yuan, execution_pct, budget_document_id, actual_document_id).
--
-- The budget is the 决算's own budget column (年初预算数 / 预算数 printed beside 决算数) where
-- it prints one; else the same department's budget document of that year
-- (int_final_accounts__budget_documents); else null. Both sides come from one kind of table:
-- the 支出决算表 / 支出总表 (every fund) first, else the 一般公共预算(财政拨款)支出(决算)表 — the
-- first kind both sides print. A subject on one side only has the other null; execution_pct
-- counts a missing or blank actual as nothing spent.
with expenditure as (

    select *
    from {{ ref('fct_expenditure') }}
    where expenditure_type = 'total'
        and table_type in ('expenditure_summary', 'general_public_expenditure')
        and (is_total or subject_code is not null)

),

pairs as (

    select * from {{ ref('int_final_accounts__budget_documents') }}

),

listing_tables as (

    -- per document and table kind, the first table that lists subjects
    select document_id, table_type, min(table_id) as table_id
    from expenditure
    where subject_code is not null
    group by document_id, table_type

),

subject_amounts as (

    -- one amount per document, table kind, amount kind and subject: the first printed
    select
        expenditure.document_id,
        expenditure.table_type,
        expenditure.amount_kind,
        case when expenditure.is_total then 'TOTAL' else expenditure.subject_code end
            as subject_code,
        arg_min(
            case when expenditure.is_total then '合计' else expenditure.subject_name_printed end,
            expenditure.row_index
        ) as subject_name,
        arg_min(expenditure.amount_10k_yuan, expenditure.row_index) as amount_10k_yuan,
        min(expenditure.row_index) as row_index
    from expenditure
    inner join listing_tables on listing_tables.table_id = expenditure.table_id
    group by
        expenditure.document_id,
        expenditure.table_type,
        expenditure.amount_kind,
        case when expenditure.is_total then 'TOTAL' else expenditure.subject_code end

),

printed_kinds as (

    select distinct document_id, table_type, amount_kind from subject_amounts

),

candidates as (

    -- 0: the 决算 prints its own budget beside the actual amounts
    select
        pairs.actual_document_id,
        pairs.actual_document_id as budget_document_id,
        actual.table_type,
        0 as source_rank
    from pairs
    inner join printed_kinds as actual
        on actual.document_id = pairs.actual_document_id
        and actual.amount_kind = 'actual'
    inner join printed_kinds as budget
        on budget.document_id = pairs.actual_document_id
        and budget.table_type = actual.table_type
        and budget.amount_kind = 'budgeted'

    union all

    -- 1: the department's budget document of the year prints the same kind of table
    select
        pairs.actual_document_id,
        pairs.budget_document_id,
        actual.table_type,
        1 as source_rank
    from pairs
    inner join printed_kinds as actual
        on actual.document_id = pairs.actual_document_id
        and actual.amount_kind = 'actual'
    inner join printed_kinds as budget
        on budget.document_id = pairs.budget_document_id
        and budget.table_type = actual.table_type
        and budget.amount_kind = 'budgeted'

    union all

    -- 2: no budget to compare with
    select
        pairs.actual_document_id,
        null as budget_document_id,
        actual.table_type,
        2 as source_rank
    from pairs
    inner join printed_kinds as actual
        on actual.document_id = pairs.actual_document_id
        and actual.amount_kind = 'actual'

),

chosen as (

    select *
    from candidates
    qualify row_number() over (
        partition by actual_document_id
        order by
            source_rank,
            case table_type when 'expenditure_summary' then 0 else 1 end
    ) = 1

),

actual_rows as (

    select chosen.*, subject_amounts.*  exclude (document_id, table_type, amount_kind)
    from chosen
    inner join subject_amounts
        on subject_amounts.document_id = chosen.actual_document_id
        and subject_amounts.table_type = chosen.table_type
        and subject_amounts.amount_kind = 'actual'

),

budget_rows as (

    select chosen.*, subject_amounts.* exclude (document_id, table_type, amount_kind)
    from chosen
    inner join subject_amounts
        on subject_amounts.document_id = chosen.budget_document_id
        and subject_amounts.table_type = chosen.table_type
        and subject_amounts.amount_kind = 'budgeted'

),

matched as (

    select
        coalesce(actual_rows.actual_document_id, budget_rows.actual_document_id)
            as actual_document_id,
        coalesce(actual_rows.budget_document_id, budget_rows.budget_document_id)
            as budget_document_id,
        coalesce(actual_rows.subject_code, budget_rows.subject_code) as subject_code,
        coalesce(actual_rows.subject_name, budget_rows.subject_name) as subject_name,
        budget_rows.amount_10k_yuan as budget_10k_yuan,
        actual_rows.amount_10k_yuan as actual_10k_yuan
    from actual_rows
    full outer join budget_rows
        on budget_rows.actual_document_id = actual_rows.actual_document_id
        and budget_rows.subject_code = actual_rows.subject_code

),

final as (

    select
        pairs.department_key,
        pairs.budget_year,
        matched.subject_code,
        matched.subject_name,
        case
            when matched.subject_code = 'TOTAL' then null
            when length(matched.subject_code) = 3 then '类'
            when length(matched.subject_code) = 5 then '款'
            when length(matched.subject_code) = 7 then '项'
        end as subject_level,
        matched.budget_10k_yuan,
        matched.actual_10k_yuan,
        case
            when matched.budget_10k_yuan <> 0
                then cast(
                    coalesce(matched.actual_10k_yuan, 0) * 100 / matched.budget_10k_yuan
                    as decimal(12, 2)
                )
        end as execution_pct,
        matched.budget_document_id,
        matched.actual_document_id
    from matched
    inner join pairs on pairs.actual_document_id = matched.actual_document_id
    order by matched.actual_document_id, matched.subject_code

)

select * from final
