-- “三公”经费 budget against actual: one row per 部门决算 (final accounts) × 三公 item (total,
-- outbound_travel, reception, vehicle_total, vehicle_purchase, vehicle_operation) printed by
-- its 三公 table or by the budget it is compared with: the year's budget, what was spent
-- (决算数) and the share spent. The budget is the 预算数 the 决算's own 三公 table prints beside
-- 决算数 where it prints one; else the budget-year amount of the department's budget document
-- of that year (int_final_accounts__budget_documents); else null. Read from the tables only
-- (int_three_public__amounts), never from the 情况说明. A blank cell is null here; execution_pct
-- counts a blank or missing actual as nothing spent.
with amounts as (

    select * from {{ ref('int_three_public__amounts') }}

),

pairs as (

    select * from {{ ref('int_final_accounts__budget_documents') }}

),

items as (

    -- an item may have several wordings: its name is the one of the most specific
    select key, arg_min(description, priority) as description
    from {{ ref('three_public_items') }}
    where kind = 'item'
    group by key

),

own_budget as (

    select distinct document_id from amounts where period = 'budget_year'

),

sources as (

    select
        pairs.*,
        case
            when own_budget.document_id is not null then pairs.actual_document_id
            else pairs.budget_document_id
        end as chosen_budget_document_id
    from pairs
    left join own_budget on own_budget.document_id = pairs.actual_document_id
    where pairs.actual_document_id in (select document_id from amounts where period = 'actual')

),

actuals as (

    select sources.actual_document_id, amounts.item, amounts.amount_yuan
    from sources
    inner join amounts
        on amounts.document_id = sources.actual_document_id
        and amounts.period = 'actual'

),

budgets as (

    select sources.actual_document_id, amounts.item, amounts.amount_yuan
    from sources
    inner join amounts
        on amounts.document_id = sources.chosen_budget_document_id
        and amounts.period = 'budget_year'

),

matched as (

    select
        coalesce(actuals.actual_document_id, budgets.actual_document_id) as actual_document_id,
        coalesce(actuals.item, budgets.item) as item,
        {{ to_10k_yuan('budgets.amount_yuan') }} as budget_10k_yuan,
        {{ to_10k_yuan('actuals.amount_yuan') }} as actual_10k_yuan
    from actuals
    full outer join budgets
        on budgets.actual_document_id = actuals.actual_document_id
        and budgets.item = actuals.item

),

final as (

    select
        sources.department_key,
        sources.budget_year,
        matched.item,
        -- the seed describes each item as '<中文名> (<English>)'
        regexp_extract(items.description, '^(\S+)', 1) as item_name,
        matched.budget_10k_yuan,
        matched.actual_10k_yuan,
        case
            when matched.budget_10k_yuan <> 0
                then cast(
                    coalesce(matched.actual_10k_yuan, 0) * 100 / matched.budget_10k_yuan
                    as decimal(12, 2)
                )
        end as execution_pct,
        sources.chosen_budget_document_id as budget_document_id,
        matched.actual_document_id
    from matched
    inner join sources on sources.actual_document_id = matched.actual_document_id
    left join items on items.key = matched.item
    order by matched.actual_document_id, matched.item

)

select * from final
