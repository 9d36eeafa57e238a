-- One row per budget disclosure loaded into the warehouse: the provenance root.
with  __dbt__cte__stg_budget__documents as (
with source as (

    select * from read_parquet('/tmp/session/data/staging/documents/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final
), documents as (

    select * from __dbt__cte__stg_budget__documents

),

final as (

    select
        document_id,
        file_name,
        sha256,
        page_count,
        pdf_title,
        department_name,
        md5(coalesce(department_name, 'unknown')) as department_key,
        budget_year,
        tables_found,
        extracted_at,
        extractor_version
    from documents

)

select * from final