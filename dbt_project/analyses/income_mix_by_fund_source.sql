-- Where the money comes from: each document's income by fund source (资金来源) as a share of
-- 本年收入合计 (total_income). Subtotal sources (财政拨款收入, 单位资金收入) are shown as printed:
-- do not add them to their members.
with income as (

    select * from {{ ref('rpt_income_by_source') }}

),

totals as (

    select document_id, amount_10k_yuan as total_income_10k_yuan
    from income
    where source_name = 'total_income'

),

final as (

    select
        income.document_id,
        income.source_name,
        income.amount_10k_yuan,
        cast(income.amount_10k_yuan * 100 / nullif(totals.total_income_10k_yuan, 0)
            as decimal(6, 2)) as share_of_income_pct
    from income
    inner join totals on totals.document_id = income.document_id
    where income.source_name not in ('total_income', 'grand_total')
        and income.amount_10k_yuan <> 0

)

select * from final
order by document_id, amount_10k_yuan desc
