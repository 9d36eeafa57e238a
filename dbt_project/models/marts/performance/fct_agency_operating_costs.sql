-- One row per document that states its 机关运行经费 (running costs of the administrative
-- body), in a table (table_type agency_operating_costs, its total row) or in the text. The
-- table wins; the prior year is derived from the change the text states.
{{ config(materialized='incremental') }}

with table_amounts as (

    select * from {{ changed_rows(ref('stg_budget__line_items')) }}
    where table_type = 'agency_operating_costs'

),

facts as (

    select * from {{ changed_rows(ref('stg_budget__profile_facts')) }}
    where fact = 'agency_operating_costs'

),

table_totals as (

    -- The total row (部门合计 / 合计) and its first column, else the first printed row.
    select
        document_id,
        table_id,
        page,
        amount_yuan,
        row_number() over (
            partition by document_id
            order by is_total desc, column_fund_source_code is not null, row_index, column_index
        ) as cell_rank
    from table_amounts

),

text_first as (

    select
        *,
        row_number() over (partition by document_id order by fact_seq) as mention_rank
    from facts

),

combined as (

    select
        coalesce(table_totals.document_id, text_first.document_id) as document_id,
        table_totals.table_id,
        table_totals.page,
        table_totals.amount_yuan as table_yuan,
        text_first.value * 10000 as text_yuan,
        text_first.change_value * 10000 as text_change_yuan,
        text_first.page as text_page,
        text_first.sentence as text_sentence
    from (select * from table_totals where cell_rank = 1) as table_totals
    full outer join (select * from text_first where mention_rank = 1) as text_first
        on text_first.document_id = table_totals.document_id

),

final as (

    select
        document_id,
        cast(coalesce(table_yuan, text_yuan) / 10000 as decimal(20, 6)) as budget_year_10k_yuan,
        cast(
            (coalesce(table_yuan, text_yuan) - text_change_yuan) / 10000 as decimal(20, 6)
        ) as prior_year_10k_yuan,
        case
            when table_yuan is not null then 'table'
            when text_yuan is not null then 'text'
            when table_id is not null then 'table'
        end as source,
        case when text_change_yuan is not null then 'text' end as prior_source,
        table_id,
        page,
        text_page,
        text_sentence
    from combined

)

select * from final
