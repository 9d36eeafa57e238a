-- “三公”经费 by item: budget-year and prior-year amounts in 万元. Contract: names and
-- columns are fixed; item is one of total, outbound_travel, reception, vehicle_total,
-- vehicle_purchase, vehicle_operation. verification is the budget-year amount's.
with three_public as (

    select * from {{ ref('fct_three_public') }}

),

final as (

    select
        document_id,
        item,
        budget_year_10k_yuan,
        prior_year_10k_yuan,
        verification
    from three_public

)

select * from final
