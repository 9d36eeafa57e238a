
    

    create  table
      "warehouse"."main"."int_reconciliation__header_years__dbt_tmp"
  
    
    as (
      -- One row per year a table prints as its budget year, checked against the document's year:
-- in the title (2024年部门预算…表), in header cells (2024年预算数, 2024年基本支出) and in
-- heading cells of the body (a cell that is only "2024年度绩效目标"). Years that name a
-- comparison (比2023年…, 上年) are not budget years and are skipped.
with  __dbt__cte__stg_budget__tables as (
with source as (

    select * from read_parquet('/tmp/session/data/staging/tables/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final
),  __dbt__cte__stg_budget__cells as (
with source as (

    select * from read_parquet('/tmp/session/data/staging/cells/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final
),  __dbt__cte__stg_budget__documents as (
with source as (

    select * from read_parquet('/tmp/session/data/staging/documents/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final
), tables as (

    select * from __dbt__cte__stg_budget__tables

),

cells as (

    select * from __dbt__cte__stg_budget__cells

),

documents as (

    select document_id, budget_year from __dbt__cte__stg_budget__documents

),

headings as (

    select
        document_id,
        table_id,
        page_first as page,
        '标题' as place,
        title as text,
        -- a year in a table title is the year the table budgets (2024年预算收支总表)
        '(\d{4})\s*年' as year_pattern
    from tables

    union all

    select
        document_id,
        table_id,
        page,
        case when is_header then '表头' else '表内标题' end as place,
        text,
        '(\d{4})\s*年?度?\s*(预算|基本支出|绩效目标|部门预算|省级|市级|县)' as year_pattern
    from cells
    where text is not null
        and (
            is_header
            or regexp_matches(text, '^\s*\d{4}\s*年度?\s*(绩效目标|预算数?|基本支出)\s*$')
        )

),

mentions as (

    select
        headings.*,
        unnest(
            regexp_extract_all(
                regexp_replace(headings.text, '比\s*\d{4}\s*年', '', 'g'),
                headings.year_pattern,
                1
            )
        ) as year_printed
    from headings

),

final as (

    select
        mentions.document_id,
        'header_year' as check_id,
        mentions.table_id,
        any_value(tables.title) || ' p.' || min(mentions.page) || ' · ' || mentions.place
            || ' 「' || any_value(mentions.text) || '」: printed ' || mentions.year_printed
            || ', document year ' || documents.budget_year as location,
        min(mentions.page) as page,
        documents.budget_year,
        cast(mentions.year_printed as integer) as year_printed
    from mentions
    inner join documents on documents.document_id = mentions.document_id
    inner join tables on tables.table_id = mentions.table_id
    where documents.budget_year is not null
    group by
        mentions.document_id, mentions.table_id, mentions.place, mentions.year_printed,
        documents.budget_year

)

select * from final
    );
    
  