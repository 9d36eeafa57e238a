-- One row per printed amount of a “三公”经费 table, classified by item (合计, 因公出国, 公务接待,
-- 公务用车 小计 / 购置 / 运行) and slot (the period or fund column it sits in: 当年预算,
-- 上年预算数, 比上年增减 …). Item, slot and its kind were read once in cleaning from the
-- vocabulary three_public_items, exactly as the facts read them.
{{ config(materialized='incremental') }}

with amounts as (

    select * from {{ changed_rows(ref('int_reconciliation__amounts')) }}
    where table_type = 'three_public'
        and three_public_item is not null
        and three_public_item <> 'table_total'

),

final as (

    select
        document_id,
        table_id,
        table_title,
        page,
        row_index,
        column_index,
        column_path,
        label_printed,
        three_public_item as item,
        coalesce(slot, '') as slot,
        case
            when period in ('change', 'prior_year', 'carryover') then period
            else 'budget_year'
        end as slot_kind,
        amount_kind,
        is_blank,
        cell_key,
        amount_10k_yuan,
        cell_location
    from amounts

)

select * from final
