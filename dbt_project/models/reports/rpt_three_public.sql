-- “三公”经费 by item: budget-year and prior-year amounts in 万元 (budgeted), and the 决算数
-- a 决算 prints beside its 预算数 (actual; null for a budget). Contract: names and columns
-- are fixed; item is one of total, outbound_travel, reception, vehicle_total,
-- vehicle_purchase, vehicle_operation. verification is the budget-year amount's.
{{ config(materialized='incremental') }}

with three_public as (

    select * from {{ changed_rows(ref('fct_three_public')) }}

),

actuals as (

    select
        document_id,
        item,
        {{ to_10k_yuan('max(amount_yuan)') }} as actual_10k_yuan
    from {{ changed_rows(ref('int_three_public__amounts')) }}
    where period = 'actual'
    group by document_id, item

),

final as (

    select
        three_public.document_id,
        three_public.item,
        three_public.budget_year_10k_yuan,
        three_public.prior_year_10k_yuan,
        actuals.actual_10k_yuan,
        three_public.verification
    from three_public
    left join actuals
        on actuals.document_id = three_public.document_id
        and actuals.item = three_public.item

)

select * from final
