-- One row per total or unit row of a 项目支出表 (see pipelines/clean/projects.py).
with source as (

    select * from {{ staged('project_totals') }}

),

final as (

    select * from source

)

select * from final
