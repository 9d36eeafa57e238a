-- Every budgeted project: one row per project of the 项目支出表 (一级 parents and their 二级
-- projects; sum only rows with a parent where both are listed); a document without a 项目支出表
-- lists the projects of its 绩效目标表. Contract: names and columns are fixed.
with projects as (

    select * from {{ ref('dim_project') }}
    where project_source <> 'unknown'

),

verification as (

    select * from {{ ref('int_reconciliation__verification') }}

),

documents_with_table as (

    select distinct document_id from projects where project_source = 'project_table'

),

final as (

    select
        projects.document_id,
        projects.project_name,
        projects.parent_project,
        projects.amount_10k_yuan,
        {{ verification() }} as verification
    from projects
    left join verification on verification.fact_key = projects.project_key
    left join documents_with_table
        on documents_with_table.document_id = projects.document_id
    where projects.project_source = 'project_table'
        or documents_with_table.document_id is null

)

select * from final
