-- One row per file seen in the raw folder: loaded, failed, unsupported, quarantined or a
-- duplicate, with the reason, and for a loaded document how well it was read: the standard
-- tables found by type, the standard tables missing, and the share of its reconciliation
-- checks that pass. Contract: document_status(document_id, file_name, sha256, status,
-- error_kind, error_message, page_count, tables_found, extracted_at) and the columns after.
with files as (

    select * from {{ ref('stg_budget__files') }}

),

extractions as (

    select * from {{ ref('stg_budget__extractions') }}

),

quarantine as (

    select * from {{ source('budget', 'quarantine') }}

),

tables as (

    select * from {{ source('budget', 'tables') }}

),

table_types as (

    select table_type from {{ ref('table_types') }}
    where is_standard

),

checks as (

    select
        document_id,
        count(*) as checks_run,
        count(*) filter (where status = 'pass') as checks_passed
    from {{ ref('fct_reconciliation') }}
    group by document_id

),

-- the printed amounts of the document's tables, as the reconciliation judges them
amounts as (

    select
        document_id,
        count(*) as amounts,
        count(*) filter (where verification = 'confirmed') as amounts_confirmed
    from (
        select document_id, verification from {{ ref('fct_expenditure') }}
        union all
        select document_id, verification from {{ ref('fct_basic_expenditure') }}
        union all
        select document_id, verification from {{ ref('fct_income') }}
    )
    group by document_id

),

found as (

    select
        tables.document_id,
        list_sort(list(distinct tables.table_type)) as standard_tables_found
    from tables
    inner join table_types on table_types.table_type = tables.table_type
    group by tables.document_id

),

missing as (

    select
        extractions.document_id,
        list_sort(list(table_types.table_type)) as standard_tables_missing
    from extractions
    cross join table_types
    where extractions.status = 'loaded'
        and not exists (
            select 1
            from tables
            where tables.document_id = extractions.document_id
                and tables.table_type = table_types.table_type
        )
    group by extractions.document_id

),

final as (

    select
        files.document_id,
        files.file_name,
        files.sha256,
        case
            when not files.is_primary then 'duplicate'
            when quarantine.document_id is not null then 'quarantined'
            else extractions.status
        end as status,
        case
            when not files.is_primary then 'duplicate'
            when quarantine.document_id is not null then 'quarantined'
            else extractions.error_kind
        end as error_kind,
        case
            when not files.is_primary
                then files.file_name || ': the same content as ' || primary_file.file_name
                    || ' (document ' || files.document_id
                    || '); recorded as another name of that document'
            when quarantine.document_id is not null
                then files.file_name || ': kept out of the warehouse: ' || quarantine.reason
            else extractions.error_message
        end as error_message,
        extractions.page_count,
        extractions.tables_found,
        extractions.extracted_at,
        coalesce(found.standard_tables_found, []) as standard_tables_found,
        coalesce(missing.standard_tables_missing, []) as standard_tables_missing,
        checks.checks_run,
        checks.checks_passed,
        cast(checks.checks_passed * 100.0 / nullif(checks.checks_run, 0) as decimal(5, 1))
            as checks_passed_pct,
        cast(amounts.amounts_confirmed * 100.0 / nullif(amounts.amounts, 0) as decimal(5, 1))
            as confirmed_pct,
        extractions.ocr_pages
    from files
    left join files as primary_file
        on primary_file.document_id = files.document_id
        and primary_file.is_primary
    left join extractions on extractions.document_id = files.document_id
    left join quarantine on quarantine.document_id = files.document_id
    left join amounts on amounts.document_id = files.document_id
    left join found
        on found.document_id = files.document_id
        and files.is_primary
        and quarantine.document_id is null
    left join missing
        on missing.document_id = files.document_id
        and files.is_primary
        and quarantine.document_id is null
    left join checks
        on checks.document_id = files.document_id
        and files.is_primary
    order by files.file_name

)

select * from final
