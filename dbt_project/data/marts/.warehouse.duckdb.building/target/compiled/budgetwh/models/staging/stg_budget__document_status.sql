with source as (

    select * from read_parquet('/tmp/session/data/staging/document_status/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final