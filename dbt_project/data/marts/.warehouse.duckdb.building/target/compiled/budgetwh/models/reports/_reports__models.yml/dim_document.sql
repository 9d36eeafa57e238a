
-- Fixture for dim_document
select 
    
    cast('a' as character varying)
 as "document_id", cast(null as character varying(256)) as "file_name", cast(null as character varying(256)) as "sha256", cast(null as INTEGER) as "page_count", cast(null as character varying(256)) as "pdf_title", cast(null as character varying(256)) as "department_name", 
    
    cast('k' as character varying)
 as "department_key", 
    
    cast(2024 as INTEGER)
 as "budget_year", cast(null as INTEGER) as "tables_found", cast(null as TIMESTAMP WITH TIME ZONE) as "extracted_at", cast(null as character varying(256)) as "extractor_version"