-- One row per project_item statement of the 情况说明 with the 项目支出表 row its name was
-- matched to (pipelines/clean/narrative/projects.py).
with source as (

    select * from {{ staged('narrative_project_matches') }}

),

final as (

    select
        document_id,
        statement_index,
        match_method,
        similarity,
        table_id,
        line_seq,
        project_name,
        match_method in ('exact', 'normalized', 'same_amount', 'similar') as is_matched
    from source

)

select * from final
