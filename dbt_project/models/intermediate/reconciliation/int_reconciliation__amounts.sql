-- One row per printed amount cell of an amount table, with the fields every reconciliation
-- check needs: the table's title and pages (for the location), the row and column, the
-- cell's key (the fact row it is, named as a participant of the checks) and the amount in
-- 万元. Blank cells count as zero: a printed identity with a blank part is an identity with
-- a zero part.
{{ config(materialized='incremental') }}

with line_items as (

    select * from {{ changed_rows(ref('stg_budget__line_items')) }}

),

tables as (

    select document_id, table_id, title, page_first, page_last
    from {{ changed_rows(ref('stg_budget__tables')) }}

),

final as (

    select
        line_items.document_id,
        line_items.table_id,
        line_items.table_type,
        tables.title as table_title,
        tables.page_first as table_page_first,
        tables.page_last as table_page_last,
        line_items.page,
        line_items.row_index,
        line_items.panel,
        line_items.side,
        line_items.view,
        line_items.label_printed,
        line_items.item_name,
        line_items.secondary_label,
        line_items.subject_code,
        line_items.subject_system,
        line_items.row_kind,
        line_items.is_total,
        line_items.row_level,
        line_items.parent_row_index,
        line_items.column_index,
        line_items.column_path,
        line_items.column_group,
        line_items.is_subtotal_column,
        line_items.measure,
        line_items.amount_kind,
        line_items.row_fund_source_code,
        line_items.column_fund_source_code,
        line_items.three_public_item,
        line_items.item_from_header,
        line_items.slot,
        line_items.period,
        line_items.is_blank,
        line_items.cell_key,
        cast(coalesce(line_items.amount_yuan, 0) * 0.0001 as decimal(20, 6)) as amount_10k_yuan,
        tables.title || ' p.' || line_items.page || ' · ' || coalesce(line_items.label_printed, '')
            || ' [' || coalesce(line_items.column_path, '') || ']' as cell_location
    from line_items
    inner join tables on tables.table_id = line_items.table_id
    where line_items.measure is not null
        and line_items.reading <> 'unreadable'

)

select * from final
