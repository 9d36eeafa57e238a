-- One row per document × project: every project of a 项目支出表 (一级 parents and their 二级
-- projects), plus every performance-table project no 项目支出表 row was linked to (documents
-- that print only the 绩效目标表), plus one unknown member so facts never lose rows.
{{ config(materialized='incremental') }}

with lines as (

    select * from {{ changed_rows(ref('stg_budget__project_lines')) }}

),

performance as (

    select * from {{ changed_rows(ref('stg_budget__performance_projects')) }}

),

links as (

    -- the form each 项目支出表 row is linked to (pipelines/clean/project_links.py)
    select * from {{ changed_rows(ref('stg_budget__project_links')) }}
    where source_kind = 'target_form' and is_linked

),

from_lines as (

    select
        {{ project_line_key('lines.document_id', 'lines.table_id', 'lines.line_seq') }} as project_key,
        lines.document_id,
        lines.project_name,
        lines.parent_project,
        lines.project_level,
        coalesce(lines.project_code, performance.project_code) as project_code,
        lines.category_code,
        coalesce(lines.category_name, performance.category) as category_name,
        performance.competent_department,
        performance.competent_department_code,
        coalesce(lines.implementing_unit, performance.implementing_unit) as implementing_unit,
        lines.amount_yuan,
        'project_table' as project_source,
        lines.table_id,
        lines.page,
        performance.project_name as performance_project_name,
        links.match_method
    from lines
    left join links
        on links.line_table_id = lines.table_id
        and links.line_seq = lines.line_seq
    left join performance
        on performance.table_id = links.source_table_id
        and performance.project_seq = links.source_seq

),

from_performance as (

    select
        {{ target_project_key(
            'performance.document_id', 'performance.table_id', 'performance.project_seq'
        ) }} as project_key,
        performance.document_id,
        coalesce(performance.project_name, performance.project_name_printed) as project_name,
        null as parent_project,
        performance.project_level,
        performance.project_code,
        null as category_code,
        performance.category as category_name,
        performance.competent_department,
        performance.competent_department_code,
        performance.implementing_unit,
        performance.amount_yuan,
        'performance_table' as project_source,
        performance.table_id,
        performance.page,
        performance.project_name as performance_project_name,
        null as match_method
    from performance
    left join links
        on links.source_table_id = performance.table_id
        and links.source_seq = performance.project_seq
    where links.source_table_id is null

),

unknown as (

    select
        'unknown' as project_key,
        null as document_id,
        '未知项目 (unknown)' as project_name,
        null as parent_project,
        null as project_level,
        null as project_code,
        null as category_code,
        null as category_name,
        null as competent_department,
        null as competent_department_code,
        null as implementing_unit,
        null as amount_yuan,
        'unknown' as project_source,
        null as table_id,
        null as page,
        null as performance_project_name,
        null as match_method

),

unioned as (

    select * from from_lines
    union all by name
    select * from from_performance
    {% if not is_incremental() %}
    -- the unknown member belongs to no document: made once, with the table
    union all by name
    select * from unknown
    {% endif %}

),

final as (

    select
        project_key,
        document_id,
        project_name,
        parent_project,
        project_level,
        project_code,
        category_code,
        category_name,
        competent_department,
        competent_department_code,
        implementing_unit,
        cast(amount_yuan / 10000 as decimal(20, 6)) as amount_10k_yuan,
        project_source,
        table_id,
        cast(page as integer) as page,
        performance_project_name,
        match_method
    from unioned

)

select * from final
