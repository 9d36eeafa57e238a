-- One row per printed subtotal of a classification table checked against its parts, per
-- amount column: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 (支出功能分类 3/5/7 digits; 支出经济分类
-- 3/5 digits). The hierarchy comes from the codes themselves (a child's code extends its
-- parent's by two digits). A subtotal is checked only when at least one of its parts is
-- printed in the same table, side and column.
{{ config(materialized='incremental') }}

with amounts as (

    select * from {{ changed_rows(ref('int_reconciliation__amounts')) }}

),

coded as (

    select *
    from amounts
    where subject_code is not null
        and not is_total
        and subject_system in ('function', 'economic')

),

subject_parents as (

    select
        parent.document_id,
        case
            when length(parent.subject_code) = 3 then 'hierarchy_class_items'
            else 'hierarchy_item_subitems'
        end as check_id,
        parent.table_id,
        parent.cell_location as location,
        parent.page,
        sum(child.amount_10k_yuan) as expected_10k_yuan,
        any_value(parent.amount_10k_yuan) as printed_10k_yuan,
        list_sort(list(child.cell_key)) || [any_value(parent.cell_key)] as participant_keys
    from coded as parent
    inner join coded as child
        on child.table_id = parent.table_id
        and child.column_index = parent.column_index
        and child.side is not distinct from parent.side
        and child.subject_system = parent.subject_system
        and length(child.subject_code) = length(parent.subject_code) + 2
        and starts_with(child.subject_code, parent.subject_code)
    group by
        parent.document_id, parent.table_id, parent.row_index, parent.column_index,
        parent.subject_code, parent.cell_location, parent.page

),

-- 合计 rows of one-sided classification tables (two-sided summary tables print 支出总计,
-- which also holds 结转下年; they are checked by the summary-table checks instead).
grand_totals as (

    select amounts.*
    from amounts
    where amounts.is_total
        and amounts.side is null
        and amounts.table_type in (
            'expenditure_summary', 'general_public_expenditure', 'income_summary',
            'government_fund_expenditure', 'state_capital_expenditure',
            'general_public_basic_expenditure'
        )

),

total_parents as (

    select
        total.document_id,
        'hierarchy_total_classes' as check_id,
        total.table_id,
        total.cell_location as location,
        total.page,
        sum(class.amount_10k_yuan) as expected_10k_yuan,
        any_value(total.amount_10k_yuan) as printed_10k_yuan,
        list_sort(list(class.cell_key)) || [any_value(total.cell_key)] as participant_keys
    from grand_totals as total
    inner join coded as class
        on class.table_id = total.table_id
        and class.column_index = total.column_index
        and length(class.subject_code) = 3
    group by
        total.document_id, total.table_id, total.row_index, total.column_index,
        total.cell_location, total.page

),

final as (

    select * from subject_parents
    union all
    select * from total_parents

)

select * from final
