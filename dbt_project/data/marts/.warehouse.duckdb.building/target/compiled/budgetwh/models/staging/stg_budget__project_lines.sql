-- One row per project row of a 项目支出表 (see pipelines/clean/projects.py).
with source as (

    select * from read_parquet('/tmp/session/data/staging/project_lines/*.parquet', union_by_name = true)

),

final as (

    select * from source

)

select * from final