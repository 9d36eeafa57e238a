-- One row per printed amount cell of an amount table, with the fields every reconciliation
-- check needs: the table's title and pages (for the location), the row and column, and the
-- amount in 万元. Blank cells count as zero: a printed identity with a blank part is an
-- identity with a zero part.
with  __dbt__cte__stg_budget__tables as (
with source as (

    select * from read_parquet('/tmp/session/data/staging/tables/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final
), measured as (

    select * from "warehouse"."main"."int_line_items__measured"

),

tables as (

    select document_id, table_id, title, page_first, page_last
    from __dbt__cte__stg_budget__tables

),

final as (

    select
        measured.document_id,
        measured.table_id,
        measured.table_type,
        tables.title as table_title,
        tables.page_first as table_page_first,
        tables.page_last as table_page_last,
        measured.page,
        measured.row_index,
        measured.side,
        measured.label_printed,
        measured.item_name,
        measured.secondary_label,
        measured.subject_code,
        measured.subject_system,
        measured.is_total,
        measured.column_index,
        measured.column_path,
        measured.measure,
        measured.row_fund_source_code,
        measured.column_fund_source_code,
        measured.is_blank,
        cast(coalesce(measured.amount_yuan, 0) * 0.0001 as decimal(20, 6)) as amount_10k_yuan,
        tables.title || ' p.' || measured.page || ' · ' || coalesce(measured.label_printed, '')
            || ' [' || coalesce(measured.column_path, '') || ']' as cell_location
    from measured
    inner join tables on tables.table_id = measured.table_id
    where measured.measure is not null

)

select * from final