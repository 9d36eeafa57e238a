
    

    create  table
      "warehouse"."main"."dim_department__dbt_tmp"
  
    
    as (
      -- One row per department (as named by its documents), plus an unknown member.
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

departments as (

    select
        md5(department_name) as department_key,
        department_name,
        regexp_replace(department_name, '（[^）]*）$', '') as department_name_normalised,
        -- regexp_extract returns '' on no match: null says "not named" instead
        nullif(regexp_extract(department_name, '^(.*?(省|自治区|北京市|天津市|上海市|重庆市))', 1), '')
            as province,
        nullif(regexp_extract(department_name, '^(?:.*?(?:省|自治区))?(.*?市)', 1), '') as city,
        nullif(regexp_extract(department_name, '^(?:.*?市)?(.*?[县区旗])(?:[^县区旗]|$)', 1), '')
            as county,
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
    );
    
  