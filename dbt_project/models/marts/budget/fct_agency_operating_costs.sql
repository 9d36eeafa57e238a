-- One row per document that states its 机关运行经费 (running costs of the administrative
-- body), in a table (table_type agency_operating_costs, its total row) or in the text. The
-- table wins; the prior year is derived from the change the text states.
with table_amounts as (

    select * from {{ ref('stg_budget__line_items') }}
    where table_type = 'agency_operating_costs'

),

statements as (

    select * from {{ ref('stg_budget__narrative_statements') }}
    where subject = 'agency_operating_costs'
        and kind in ('amount', 'change')
        and part_kind is distinct from 'breakdown'

),

table_totals as (

    -- The total row (部门合计 / 合计) and its first column, else the first printed row.
    select
        document_id,
        table_id,
        page,
        amount_yuan,
        cell_key,
        row_number() over (
            partition by document_id
            order by is_total desc, column_fund_source_code is not null, row_index, column_index
        ) as cell_rank
    from table_amounts

),

text_ranked as (

    select
        *,
        row_number() over (
            partition by document_id, kind = 'amount' order by statement_index
        ) as amount_rank,
        row_number() over (
            partition by document_id, change_10k_yuan is not null order by statement_index
        ) as change_rank
    from statements

),

-- The first amount the text states, and the first change stated of it.
text_first as (

    select
        document_id,
        max(amount_10k_yuan * 10000) filter (where kind = 'amount' and amount_rank = 1)
            as text_yuan,
        max(change_10k_yuan * 10000) filter (
            where change_10k_yuan is not null and change_rank = 1
        ) as text_change_yuan,
        max(page) filter (where kind = 'amount' and amount_rank = 1) as text_page,
        max(sentence) filter (where kind = 'amount' and amount_rank = 1) as text_sentence
    from text_ranked
    group by document_id

),

combined as (

    select
        coalesce(table_totals.document_id, text_first.document_id) as document_id,
        table_totals.table_id,
        table_totals.page,
        table_totals.amount_yuan as table_yuan,
        table_totals.cell_key,
        text_first.text_yuan,
        text_first.text_change_yuan,
        text_first.text_page,
        text_first.text_sentence
    from (select * from table_totals where cell_rank = 1) as table_totals
    full outer join text_first
        on text_first.document_id = table_totals.document_id

),

facts as (

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
        text_sentence,
        cell_key
    from combined

),

document_keys as (

    select document_id, department_key, budget_year from {{ ref('dim_document') }}

),

verification as (

    select * from {{ ref('int_reconciliation__verification') }}

),

final as (

    select
        facts.document_id,
        document_keys.department_key,
        document_keys.budget_year,
        facts.* exclude (document_id, cell_key),
        -- the table's figure as the identities judge it; a figure from the text alone is
        -- unchecked
        {{ verification() }} as verification
    from facts
    inner join document_keys on document_keys.document_id = facts.document_id
    left join verification
        on verification.fact_key = facts.cell_key and facts.source = 'table'

)

select * from final
