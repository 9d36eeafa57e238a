-- One row per 三公 identity checked per table and slot (period / fund column):
-- 合计 = 因公出国 + 公务接待 + 公务用车, and 公务用车 = 购置 + 运行. A blank cell is a zero.
{{ config(materialized='incremental') }}

with three_public as (

    select * from {{ changed_rows(ref('int_reconciliation__three_public_amounts')) }}

),

slots as (

    select
        document_id,
        table_id,
        any_value(table_title) as table_title,
        min(page) as page,
        slot,
        any_value(amount_10k_yuan) filter (where item = 'total') as total_amount,
        count(*) filter (where item = 'total') as total_count,
        any_value(amount_10k_yuan) filter (where item = 'vehicle_total') as vehicle_amount,
        count(*) filter (where item = 'vehicle_total') as vehicle_count,
        sum(amount_10k_yuan) filter (
            where item in ('outbound_travel', 'reception', 'vehicle_total')
        ) as items_amount,
        count(*) filter (where item in ('outbound_travel', 'reception', 'vehicle_total'))
            as items_count,
        sum(amount_10k_yuan) filter (where item in ('vehicle_purchase', 'vehicle_operation'))
            as vehicle_parts_amount,
        count(*) filter (where item in ('vehicle_purchase', 'vehicle_operation'))
            as vehicle_parts_count,
        any_value(cell_key) filter (where item = 'total') as total_key,
        any_value(cell_key) filter (where item = 'vehicle_total') as vehicle_key,
        list_sort(list(cell_key)
            filter (where item in ('outbound_travel', 'reception', 'vehicle_total')))
            as items_keys,
        list_sort(list(cell_key)
            filter (where item in ('vehicle_purchase', 'vehicle_operation')))
            as vehicle_parts_keys
    from three_public
    group by document_id, table_id, slot

),

located as (

    select
        *,
        table_title || ' p.' || page || case when slot = '' then '' else ' [' || slot || ']' end
            as slot_location
    from slots

),

item_checks as (

    select
        document_id,
        'three_public_items' as check_id,
        table_id,
        slot_location || ' · 合计 = 因公出国 + 公务接待 + 公务用车' as location,
        page,
        items_amount as expected_10k_yuan,
        total_amount as printed_10k_yuan,
        items_keys || [total_key] as participant_keys
    from located
    where total_count = 1 and items_count = 3

),

vehicle_checks as (

    select
        document_id,
        'three_public_vehicles' as check_id,
        table_id,
        slot_location || ' · 公务用车 = 购置 + 运行' as location,
        page,
        vehicle_parts_amount as expected_10k_yuan,
        vehicle_amount as printed_10k_yuan,
        vehicle_parts_keys || [vehicle_key] as participant_keys
    from located
    where vehicle_count = 1 and vehicle_parts_count = 2

),

final as (

    select * from item_checks
    union all
    select * from vehicle_checks

)

select * from final
