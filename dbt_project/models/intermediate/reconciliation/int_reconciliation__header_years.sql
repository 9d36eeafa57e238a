-- One row per year a table prints as the year of its figures (its title, a header cell, a
-- year heading in its body: stg_budget__printed_years, read by pipelines/clean/years.py with
-- the vocabulary), checked against the document's year.
with printed_years as (

    select * from {{ ref('stg_budget__printed_years') }}

),

tables as (

    select table_id, title from {{ ref('stg_budget__tables') }}

),

documents as (

    select document_id, budget_year from {{ ref('stg_budget__documents') }}

),

final as (

    select
        printed_years.document_id,
        'header_year' as check_id,
        printed_years.table_id,
        tables.title || ' p.' || printed_years.page || ' · ' || printed_years.place
            || ' 「' || printed_years.text || '」: printed ' || printed_years.year_printed
            || ', document year ' || documents.budget_year as location,
        printed_years.page,
        documents.budget_year,
        printed_years.year_printed
    from printed_years
    inner join documents on documents.document_id = printed_years.document_id
    inner join tables on tables.table_id = printed_years.table_id
    where documents.budget_year is not null

)

select * from final
