
    

    create  table
      "warehouse"."main"."document_status__dbt_tmp"
  
    
    as (
      -- One row per file seen in the raw folder, loaded or failed, with the reason. Contract:
-- document_status(document_id, file_name, sha256, status, error_kind, error_message,
-- page_count, tables_found, extracted_at).
with  __dbt__cte__stg_budget__document_status as (
with source as (

    select * from read_parquet('/tmp/session/data/staging/document_status/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final
), status as (

    select * from __dbt__cte__stg_budget__document_status

),

final as (

    select
        document_id,
        file_name,
        sha256,
        status,
        error_kind,
        error_message,
        page_count,
        tables_found,
        extracted_at
    from status
    where document_id <> '_schema'

)

select * from final
    );
    
  