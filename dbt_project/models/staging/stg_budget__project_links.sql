-- One row per project named outside the 项目支出表 — the project of a 绩效目标表 form, or an
-- item of a 情况说明 project list — with the 项目支出表 row it is linked to and how. Every link
-- is decided once, in Python (pipelines/clean/project_links.py); every model reads it here.
with source as (

    select * from {{ staged('project_links') }}

),

final as (

    select
        document_id,
        source_kind,
        source_table_id,
        source_seq,
        source_name,
        source_amount_yuan,
        line_table_id,
        line_seq,
        line_name,
        line_amount_yuan,
        match_method,
        similarity,
        amounts_agree,
        line_seq is not null as is_linked
    from source

)

select * from final
