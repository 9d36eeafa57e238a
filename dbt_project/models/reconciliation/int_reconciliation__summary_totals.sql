-- One row per 收入总计 = 支出总计 check of a two-sided summary table (收支总表, 财政拨款收支总表),
-- per amount measure printed on both sides (合计, 当年预算, 上年结转 …).
with amounts as (

    select * from {{ ref('int_reconciliation__amounts') }}

),

income_totals as (

    select *
    from amounts
    where side = 'income' and row_kind = 'grand_total'

),

expenditure_totals as (

    select *
    from amounts
    where side = 'expenditure' and row_kind = 'grand_total'

),

final as (

    select
        income_totals.document_id,
        'summary_income_equals_expenditure' as check_id,
        income_totals.table_id,
        income_totals.table_title || ' p.' || expenditure_totals.page || ' · '
            || income_totals.label_printed || ' = ' || expenditure_totals.label_printed
            || ' [' || expenditure_totals.column_path || ']' as location,
        expenditure_totals.page,
        income_totals.amount_10k_yuan as expected_10k_yuan,
        expenditure_totals.amount_10k_yuan as printed_10k_yuan,
        [income_totals.cell_key, expenditure_totals.cell_key] as participant_keys
    from income_totals
    inner join expenditure_totals
        on expenditure_totals.table_id = income_totals.table_id
        and expenditure_totals.measure = income_totals.measure
    qualify row_number() over (
        partition by income_totals.table_id, expenditure_totals.column_index
        order by income_totals.row_index desc, expenditure_totals.row_index desc
    ) = 1

)

select * from final
