-- One row per budget disclosure loaded into the warehouse: the provenance root. A document is
-- its content: the same bytes under several file names are one document, whose file_name
-- is the first of them and file_aliases the others.
with documents as (

    select * from {{ ref('stg_budget__documents') }}

),

files as (

    select * from {{ ref('stg_budget__files') }}

),

extractions as (

    select document_id, extractor_version from {{ ref('stg_budget__extractions') }}

),

names as (

    select
        document_id,
        min(file_name) filter (where is_primary) as file_name,
        list_sort(list(file_name) filter (where not is_primary)) as file_aliases
    from files
    group by document_id

),

final as (

    select
        documents.document_id,
        names.file_name,
        regexp_replace(names.file_name, '\.[^.]*$', '') as document_name,
        coalesce(names.file_aliases, []) as file_aliases,
        documents.sha256,
        documents.page_count,
        documents.pdf_title,
        documents.department_name,
        md5(coalesce(documents.department_name, 'unknown')) as department_key,
        documents.budget_year,
        documents.document_kind,
        documents.amount_kind,
        documents.scope,
        documents.tables_found,
        coalesce(documents.ocr_pages, 0) as ocr_pages,
        documents.extracted_at,
        extractions.extractor_version
    from documents
    inner join names on names.document_id = documents.document_id
    left join extractions on extractions.document_id = documents.document_id

)

select * from final
