-- One row per 三公 table amount cell recognised as an item and a period: the item (total,
-- outbound_travel, reception, vehicle_*) and the period (budget_year, current_year,
-- carryover, prior_year, change) were read once, in cleaning, from the vocabulary
-- three_public_items (row label for items printed as rows, header path for items printed
-- as columns); the reconciliation reads the same columns.
{{ config(materialized='incremental') }}

with line_items as (

    select * from {{ changed_rows(ref('stg_budget__line_items')) }}
    where table_type = 'three_public'

),

ranked as (

    -- A column split by fund source (一般公共预算 …) repeats its 合计 column: keep the total.
    select
        *,
        row_number() over (
            partition by document_id, three_public_item, period
            order by column_fund_source_code is not null, table_id, row_index, column_index
        ) as cell_rank
    from line_items
    where three_public_item is not null
        and three_public_item <> 'table_total'

),

final as (

    select
        document_id,
        table_id,
        page,
        row_index,
        column_index,
        cell_key,
        label_printed,
        column_path,
        amount_printed,
        amount_yuan,
        is_blank,
        three_public_item as item,
        coalesce(period, 'budget_year') as period
    from ranked
    where cell_rank = 1

)

select * from final
