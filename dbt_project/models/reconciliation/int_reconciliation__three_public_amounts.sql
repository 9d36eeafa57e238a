-- One row per printed amount of a “三公”经费 table, classified by item (合计, 因公出国, 公务接待,
-- 公务用车 小计 / 购置 / 运行) and slot (the period or fund column it sits in: 当年预算,
-- 上年预算数, 比上年增减 …). Templates print the items either as rows or as column headers;
-- the item is read from the row label when it names one, otherwise from the header path
-- (seed three_public_items, read by the macro three_public_cell_items exactly as the facts
-- read it); the slot is the header path, less the item segments and 小计 / 合计 where the
-- items are columns.
with amounts as (

    select * from {{ ref('int_reconciliation__amounts') }}
    where table_type = 'three_public'

),

patterns as (

    select * from {{ ref('three_public_items') }}

),

all_items as (

    select string_agg(label_pattern, '|') as any_item from patterns
    where kind = 'item'

),

cell_items as (

    {{ three_public_cell_items('amounts', 'patterns') }}

),

slotted as (

    select
        amounts.*,
        cell_items.item,
        case
            when cell_items.is_item_from_header
                then array_to_string(
                    list_filter(
                        string_split(amounts.column_path, '/'),
                        lambda s: not regexp_matches(s, all_items.any_item)
                        and s not in ('小计', '合计')
                    ),
                    '/'
                )
            else coalesce(amounts.column_path, '')
        end as slot
    from amounts
    inner join cell_items
        on cell_items.table_id = amounts.table_id
        and cell_items.row_index = amounts.row_index
        and cell_items.column_index = amounts.column_index
    cross join all_items

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
        item,
        slot,
        case
            when regexp_matches(slot, '增减|增加|减少') then 'change'
            when regexp_matches(slot, '上年(预算|数)') then 'prior_year'
            when regexp_matches(slot, '上年结转') then 'carryover'
            else 'budget_year'
        end as slot_kind,
        is_blank,
        amount_10k_yuan,
        cell_location
    from slotted

)

select * from final
