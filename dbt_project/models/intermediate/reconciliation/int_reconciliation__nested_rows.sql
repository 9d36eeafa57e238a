-- One row per numbered parent row × amount column: a row printed with numbered rows under it
-- (一、本年收入 over （一）一般公共预算财政拨款 （二）政府性基金 …) equals the sum of them.
-- The outline comes from the item numbers (line items' row_level / parent_row_index); a
-- 其中： row is a part, not an item of an outline, so a parent with one is not checked.
with amounts as (

    select * from {{ ref('int_reconciliation__amounts') }}

),

children as (

    select * from amounts where parent_row_index is not null

),

parents_checked as (

    -- a parent whose children include an unnumbered (其中) part lists only some of its parts
    select table_id, panel, parent_row_index as row_index
    from children
    group by table_id, panel, parent_row_index
    having bool_and(row_level is not null)

),

final as (

    select
        parent.document_id,
        'nested_rows_total' as check_id,
        parent.table_id,
        any_value(parent.cell_location) || ' = Σ 下级行' as location,
        any_value(parent.page) as page,
        sum(child.amount_10k_yuan) as expected_10k_yuan,
        any_value(parent.amount_10k_yuan) as printed_10k_yuan,
        list(child.cell_key order by child.row_index) || [any_value(parent.cell_key)]
            as participant_keys
    from amounts as parent
    inner join parents_checked
        on parents_checked.table_id = parent.table_id
        and parents_checked.panel = parent.panel
        and parents_checked.row_index = parent.row_index
    inner join children as child
        on child.table_id = parent.table_id
        and child.panel = parent.panel
        and child.parent_row_index = parent.row_index
        and child.column_index = parent.column_index
    group by parent.document_id, parent.table_id, parent.row_index, parent.column_index

)

select * from final
