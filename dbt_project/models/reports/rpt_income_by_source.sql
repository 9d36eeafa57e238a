-- Income by canonical source (资金来源) per document, as the 收支总表 prints it, plus
-- total_income (本年收入合计) and grand_total (收入总计). Sources the 收支总表 does not print
-- are taken from the 收入总表 合计 row, then from the 财政拨款收支总表. Where the 收支总表
-- splits 当年预算 | 上年结转, sources are this year's budget and 上年结转 is that column of
-- 本年收入合计. Contract for analysts and checks: names and columns are fixed. A budget's
-- income is budgeted, a 决算's (收入支出决算总表: 年初结转和结余 is its 上年结转) actual:
-- amount_kind says which.
{{ config(materialized='incremental') }}

with documents as (

    select document_id, amount_kind from {{ changed_rows(ref('dim_document')) }}

),

income as (

    select fct_income.*
    from {{ changed_rows(ref('fct_income')) }} as fct_income
    inner join documents
        on documents.document_id = fct_income.document_id
        and documents.amount_kind = fct_income.amount_kind

),

fund_sources as (

    select * from {{ ref('dim_fund_source') }}

),

first_table as (

    select document_id, table_type, min(table_id) as table_id
    from income
    group by document_id, table_type

),

scoped as (

    select income.*
    from income
    inner join first_table on first_table.table_id = income.table_id

),

split as (

    select
        table_id,
        bool_or(income_measure = 'current_year') as is_split
    from scoped
    group by table_id

),

row_sources as (

    -- 收支总表 and 财政拨款收支总表: the row names the source
    select
        scoped.document_id,
        scoped.table_type,
        scoped.fund_source_key,
        scoped.row_index,
        scoped.amount_10k_yuan,
        scoped.verification
    from scoped
    inner join split on split.table_id = scoped.table_id
    where scoped.table_type in ('income_expenditure_summary', 'fiscal_appropriation_summary')
        and not scoped.is_total
        and scoped.fund_source_key not in ('unknown', 'fiscal_appropriation')
        and scoped.income_measure = case when split.is_split then 'current_year' else 'total' end
        and not (split.is_split and scoped.fund_source_key = 'prior_year_carryover')

),

split_carryover as (

    select
        scoped.document_id,
        scoped.table_type,
        'prior_year_carryover' as fund_source_key,
        scoped.row_index,
        scoped.amount_10k_yuan,
        scoped.verification
    from scoped
    inner join split on split.table_id = scoped.table_id
    where split.is_split
        and scoped.table_type = 'income_expenditure_summary'
        and scoped.row_kind = 'year_total'
        and scoped.income_measure = 'carryover'

),

column_sources as (

    -- 收入总表: the 合计 row, one column per source
    select
        document_id,
        table_type,
        fund_source_key,
        column_index as row_index,
        amount_10k_yuan,
        verification
    from scoped
    where table_type = 'income_summary'
        and is_total
        and fund_source_key not in ('unknown', 'fiscal_appropriation')
        and income_measure in ('by_source', 'carryover_by_source', 'carryover')

),

candidates as (

    select *, case table_type
        when 'income_expenditure_summary' then 1
        when 'income_summary' then 2
        else 3
    end as table_priority
    from (
        select * from row_sources
        union all
        select * from split_carryover
        union all
        select * from column_sources
    )

),

sources as (

    select
        document_id,
        fund_source_key,
        arg_min(amount_10k_yuan, (table_priority, row_index)) as amount_10k_yuan,
        arg_min(verification, (table_priority, row_index)) as verification
    from candidates
    group by document_id, fund_source_key

),

totals as (

    select
        scoped.document_id,
        case when scoped.row_kind = 'grand_total' then 'grand_total' else 'total_income' end
            as source_name,
        arg_min(scoped.amount_10k_yuan, scoped.row_index) as amount_10k_yuan,
        arg_min(scoped.verification, scoped.row_index) as verification
    from scoped
    inner join split on split.table_id = scoped.table_id
    where scoped.table_type = 'income_expenditure_summary'
        and (
            (scoped.row_kind = 'year_total'
                and scoped.income_measure
                    = case when split.is_split then 'current_year' else 'total' end)
            or (scoped.row_kind = 'grand_total' and scoped.income_measure = 'total')
        )
    group by all

),

unioned as (

    select
        sources.document_id,
        fund_sources.fund_source_name as source_name,
        sources.amount_10k_yuan,
        sources.verification
    from sources
    inner join fund_sources on fund_sources.fund_source_code = sources.fund_source_key
    union all
    select document_id, source_name, amount_10k_yuan, verification from totals

),

final as (

    select
        unioned.document_id,
        unioned.source_name,
        unioned.amount_10k_yuan,
        documents.amount_kind,
        unioned.verification
    from unioned
    inner join documents on documents.document_id = unioned.document_id

)

select * from final
