-- One row per document and 三公 item (total, outbound_travel, reception, vehicle_total,
-- vehicle_purchase, vehicle_operation): the budget-year and prior-year amounts with where each
-- came from. The table wins; a prior year the table gives only as a change is derived
-- (budget − change); what the table leaves blank or does not print is taken from the
-- 情况说明 text when it states it (prior = budget − the change the text states).
{{ config(materialized='incremental') }}

with table_amounts as (

    select * from {{ changed_rows(ref('int_three_public__amounts')) }}

),

statements as (

    select * from {{ changed_rows(ref('stg_budget__narrative_statements')) }}
    where three_public_item is not null
        and kind in ('amount', 'change')
        -- a 公务接待费 listed in the breakdown of 公用经费 / 机关运行经费 is not the 三公 item
        and part_kind is distinct from 'breakdown'

),

by_item as (

    select
        document_id,
        item,
        min(table_id) as table_id,
        min(page) as page,
        min(label_printed) filter (where label_printed is not null) as label_printed,
        max(amount_yuan) filter (where period = 'budget_year') as budget_yuan,
        max(amount_yuan) filter (where period = 'current_year') as current_year_yuan,
        max(amount_yuan) filter (where period = 'carryover') as carryover_yuan,
        max(amount_yuan) filter (where period = 'prior_year') as prior_yuan,
        max(amount_yuan) filter (where period = 'change') as change_yuan,
        bool_or(period = 'prior_year') as has_prior_cell,
        list_sort(list(cell_key)
            filter (where period in ('budget_year', 'current_year', 'carryover')))
            as budget_cell_keys
    from table_amounts
    group by document_id, item

),

-- What the 情况说明 states of each item: its first amount and the first change stated of
-- it, statements under the 三公 heading first.
text_ranked as (

    select
        *,
        row_number() over (
            partition by document_id, three_public_item, kind = 'amount'
            order by section is not distinct from 'three_public' desc, statement_index
        ) as amount_rank,
        row_number() over (
            partition by document_id, three_public_item, change_10k_yuan is not null
            order by section is not distinct from 'three_public' desc, statement_index
        ) as change_rank
    from statements

),

text_amounts as (

    select
        document_id,
        three_public_item as item,
        max(amount_10k_yuan * 10000) filter (where kind = 'amount' and amount_rank = 1)
            as text_budget_yuan,
        max(change_10k_yuan * 10000) filter (
            where change_10k_yuan is not null and change_rank = 1
        ) as text_change_yuan,
        max(page) filter (where kind = 'amount' and amount_rank = 1) as text_page,
        max(sentence) filter (where kind = 'amount' and amount_rank = 1) as text_sentence
    from text_ranked
    group by document_id, three_public_item

),

combined as (

    select
        coalesce(by_item.document_id, text_amounts.document_id) as document_id,
        coalesce(by_item.item, text_amounts.item) as item,
        by_item.table_id,
        by_item.page,
        by_item.label_printed,
        by_item.current_year_yuan,
        by_item.carryover_yuan,
        by_item.change_yuan,
        by_item.has_prior_cell,
        by_item.prior_yuan,
        by_item.budget_cell_keys,
        by_item.table_id is not null as has_table_item,
        coalesce(
            by_item.budget_yuan,
            case
                when by_item.current_year_yuan is not null or by_item.carryover_yuan is not null
                    then coalesce(by_item.current_year_yuan, 0) + coalesce(by_item.carryover_yuan, 0)
            end
        ) as table_budget_yuan,
        text_amounts.text_budget_yuan,
        text_amounts.text_change_yuan,
        text_amounts.text_page,
        text_amounts.text_sentence
    from by_item
    full outer join text_amounts
        on text_amounts.document_id = by_item.document_id
        and text_amounts.item = by_item.item

),

resolved as (

    select
        *,
        coalesce(table_budget_yuan, text_budget_yuan) as budget_year_yuan,
        case
            when table_budget_yuan is not null then 'table'
            when text_budget_yuan is not null then 'text'
            when has_table_item then 'table'
        end as source
    from combined

),

facts as (

    select
        document_id,
        item,
        cast(budget_year_yuan / 10000 as decimal(20, 6)) as budget_year_10k_yuan,
        cast(
            case
                when prior_yuan is not null then prior_yuan
                when change_yuan is not null and table_budget_yuan is not null
                    then table_budget_yuan - change_yuan
                when text_change_yuan is not null and budget_year_yuan is not null
                    then budget_year_yuan - text_change_yuan
            end / 10000 as decimal(20, 6)
        ) as prior_year_10k_yuan,
        source,
        case
            when prior_yuan is not null then 'table'
            when change_yuan is not null and table_budget_yuan is not null then 'derived'
            when text_change_yuan is not null and budget_year_yuan is not null then 'text'
            when has_prior_cell then 'table'
        end as prior_source,
        cast(current_year_yuan / 10000 as decimal(20, 6)) as current_year_10k_yuan,
        cast(carryover_yuan / 10000 as decimal(20, 6)) as carryover_10k_yuan,
        cast(change_yuan / 10000 as decimal(20, 6)) as change_10k_yuan,
        cast(text_change_yuan / 10000 as decimal(20, 6)) as text_change_10k_yuan,
        label_printed,
        table_id,
        page,
        text_page,
        text_sentence,
        budget_cell_keys
    from resolved

),

document_keys as (

    select document_id, department_key, budget_year from {{ changed_rows(ref('dim_document')) }}

),

verification as (

    select * from {{ changed_rows(ref('int_reconciliation__verification')) }}

),

-- a figure from the table is what the identities say of its cells; one from the text alone
-- is unchecked (the narrative checks compare the text with the table, not the reverse)
item_verification as (

    select
        cells.document_id,
        cells.item,
        {{ row_verification("coalesce(verification.verification, 'unchecked')") }}
            as verification
    from (
        select document_id, item, unnest(budget_cell_keys) as cell_key
        from facts
        where source = 'table'
    ) as cells
    left join verification on verification.fact_key = cells.cell_key
    group by cells.document_id, cells.item

),

final as (

    select
        facts.document_id,
        document_keys.department_key,
        document_keys.budget_year,
        facts.* exclude (document_id, budget_cell_keys),
        coalesce(item_verification.verification, 'unchecked') as verification
    from facts
    inner join document_keys on document_keys.document_id = facts.document_id
    left join item_verification
        on item_verification.document_id = facts.document_id
        and item_verification.item = facts.item

)

select * from final
