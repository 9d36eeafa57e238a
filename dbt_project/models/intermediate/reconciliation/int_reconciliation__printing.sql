-- The checks of what a table prints, beside its arithmetic:
--   amount_readable: every amount cell prints an amount, a blank or a dash. A cell printed in
--     a form that is not one (1,23.4 / 12.3.4 / a stray letter) is not guessed at: its fact is
--     not published and this names the cell. One passing row per table with none.
--   table_says_empty: a table whose note says it is empty (本表为空表 / 本表无数据) prints
--     no figure other than zero. When it does, the note or the figures are wrong: both are
--     kept and this says so.
with tables as (

    select * from {{ ref('stg_budget__tables') }}

),

line_items as (

    select * from {{ ref('stg_budget__line_items') }}

),

amount_tables as (

    select table_id, bool_or(reading = 'unreadable') as has_unreadable
    from line_items
    group by table_id

),

unreadable as (

    select
        line_items.document_id,
        'amount_readable' as check_id,
        tables.title || ' p.' || line_items.page || ' · ' || coalesce(line_items.label_printed, '')
            || ' [' || coalesce(line_items.column_path, '') || '] 「' || line_items.amount_printed
            || '」 is not an amount' as location,
        line_items.page,
        false as is_consistent
    from line_items
    inner join tables on tables.table_id = line_items.table_id
    where line_items.reading = 'unreadable'

),

readable_tables as (

    select
        tables.document_id,
        'amount_readable' as check_id,
        tables.title || ' p.' || tables.page_first || ' · every amount cell' as location,
        tables.page_first as page,
        true as is_consistent
    from tables
    inner join amount_tables on amount_tables.table_id = tables.table_id
    where not amount_tables.has_unreadable

),

figures_of_empty_tables as (

    select
        tables.document_id,
        tables.table_id,
        any_value(tables.title) as title,
        any_value(tables.page_first) as page,
        count(line_items.amount_yuan) filter (where line_items.amount_yuan <> 0) as figures,
        arg_min(
            coalesce(line_items.label_printed, '') || ' [' || coalesce(line_items.column_path, '')
                || '] ' || line_items.amount_printed,
            line_items.row_index * 1000 + line_items.column_index
        ) filter (where line_items.amount_yuan <> 0) as first_figure
    from tables
    left join line_items on line_items.table_id = tables.table_id
    where tables.says_empty
    group by tables.document_id, tables.table_id

),

says_empty as (

    select
        document_id,
        'table_says_empty' as check_id,
        title || ' p.' || page || case
            when figures = 0 then ' · 空表 and no figure'
            else ' · says it is empty (空表) but prints ' || figures || ' figures, e.g. '
                || first_figure
        end as location,
        page,
        figures = 0 as is_consistent
    from figures_of_empty_tables

),

final as (

    select * from unreadable
    union all
    select * from readable_tables
    union all
    select * from says_empty

)

select * from final
