-- One row per budget year that any document covers.
with documents as (

    select * from {{ ref('stg_budget__documents') }}

),

final as (

    select distinct
        budget_year,
        budget_year - 1 as prior_year,
        count(*) over (partition by budget_year) as document_count
    from documents
    where budget_year is not null

)

select * from final
