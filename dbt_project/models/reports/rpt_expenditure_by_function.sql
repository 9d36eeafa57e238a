-- Rebuilds the printed 支出总表 (or the 一般公共预算支出表 where a document has no 支出总表):
-- one row per subject row as printed, plus the 合计 row as subject_code 'TOTAL'. Contract
-- for analysts and checks: names and columns are fixed. A budget's rows are budgeted, a
-- 决算's (支出决算表) actual: amount_kind says which; a 决算's own budget columns (年初预算数)
-- are left to rpt_budget_execution.
{{ config(materialized='incremental') }}

with documents as (

    select document_id, amount_kind from {{ changed_rows(ref('dim_document')) }}

),

expenditure as (

    -- the document's own figures only: never a budget and an actual in one sum
    select fct_expenditure.*
    from {{ changed_rows(ref('fct_expenditure')) }} as fct_expenditure
    inner join documents
        on documents.document_id = fct_expenditure.document_id
        and documents.amount_kind = fct_expenditure.amount_kind

),

source_table as (

    -- per document, the first 支出总表 that lists subjects; else the first 一般公共预算支出表
    select
        document_id,
        arg_min(table_id, (case table_type when 'expenditure_summary' then 0 else 1 end, table_id))
            as table_id
    from expenditure
    where table_type in ('expenditure_summary', 'general_public_expenditure')
        and table_id in (
            select table_id from expenditure where subject_code is not null
        )
    group by document_id

),

rows_printed as (

    select
        expenditure.document_id,
        expenditure.amount_kind,
        expenditure.row_index,
        case when expenditure.is_total then 'TOTAL' else expenditure.subject_code end
            as subject_code,
        case when expenditure.is_total then '合计' else expenditure.subject_name_printed end
            as subject_name,
        sum(expenditure.amount_10k_yuan) filter (where expenditure.expenditure_type = 'total')
            as total_10k_yuan,
        sum(expenditure.amount_10k_yuan) filter (where expenditure.expenditure_type = 'basic')
            as basic_10k_yuan,
        sum(expenditure.amount_10k_yuan) filter (where expenditure.expenditure_type = 'project')
            as project_10k_yuan,
        {{ row_verification('expenditure.verification') }} as verification
    from expenditure
    inner join source_table
        on source_table.table_id = expenditure.table_id
    -- a row whose code could not be read nor found from its name stays in fct_expenditure
    where expenditure.is_total or expenditure.subject_code is not null
    group by all

),

final as (

    select
        document_id,
        subject_code,
        subject_name,
        -- the 合计 row has no level ('TOTAL' has 5 letters, like a 款 code)
        case
            when subject_code = 'TOTAL' then null
            else case length(subject_code) when 3 then '类' when 5 then '款' when 7 then '项' end
        end as subject_level,
        total_10k_yuan,
        basic_10k_yuan,
        project_10k_yuan,
        amount_kind,
        verification
    from rows_printed
    order by document_id, row_index

)

select * from final
