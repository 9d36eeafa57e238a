-- One row per figure the narrative states (see pipelines/clean/profile.py).
with source as (

    select * from read_parquet('/tmp/session/data/staging/profile_facts/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final