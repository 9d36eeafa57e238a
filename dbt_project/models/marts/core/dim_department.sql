-- One row per department (as named by its documents), plus an unknown member.
with documents as (

    select * from {{ ref('stg_budget__documents') }}

),

departments as (

    select
        md5(department_name) as department_key,
        department_name,
        -- read from the name by pipelines/extract/cover.py (vocabulary place_level)
        any_value(department_base_name) as department_name_normalised,
        any_value(province) as province,
        any_value(city) as city,
        any_value(county) as county,
        count(*) as document_count,
        min(budget_year) as first_budget_year,
        max(budget_year) as last_budget_year
    from documents
    where department_name is not null
    group by department_name

),

unknown_member as (

    select
        md5('unknown') as department_key,
        '(unknown)' as department_name,
        '(unknown)' as department_name_normalised,
        null as province,
        null as city,
        null as county,
        0 as document_count,
        null::integer as first_budget_year,
        null::integer as last_budget_year

),

final as (

    select * from departments
    union all
    select * from unknown_member

)

select * from final
