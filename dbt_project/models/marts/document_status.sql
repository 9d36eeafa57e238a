-- One row per file seen in the raw folder, loaded or failed, with the reason. Contract:
-- document_status(document_id, file_name, sha256, status, error_kind, error_message,
-- page_count, tables_found, extracted_at).
with status as (

    select * from {{ ref('stg_budget__document_status') }}

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
