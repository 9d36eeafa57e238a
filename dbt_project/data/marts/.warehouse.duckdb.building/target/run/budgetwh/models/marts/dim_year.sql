
    

    create  table
      "warehouse"."main"."dim_year__dbt_tmp"
  
    
    as (
      -- One row per budget year that any document covers.
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

    select distinct
        budget_year,
        budget_year - 1 as prior_year,
        count(*) over (partition by budget_year) as document_count
    from documents
    where budget_year is not null

)

select * from final
    );
    
  