-- One row per performance indicator (one side — 年度 or 实施期 — of one row of a 绩效目标表):
-- levels, the target as printed and parsed, weight, nature, period and page, keyed to
-- dim_project (the linked 项目支出表 project where there is one).
{{ config(materialized='incremental') }}

with indicators as (

    select * from {{ changed_rows(ref('stg_budget__performance_indicators')) }}

),

links as (

    select * from {{ changed_rows(ref('stg_budget__project_links')) }}
    where source_kind = 'target_form' and is_linked

),

projects as (

    select project_key from {{ changed_rows(ref('dim_project')) }}

),

keyed as (

    select
        indicators.*,
        case
            when links.line_table_id is not null
                then {{ project_line_key('links.document_id', 'links.line_table_id', 'links.line_seq') }}
            when indicators.project_seq >= 0
                then {{ target_project_key(
                    'indicators.document_id', 'indicators.table_id', 'indicators.project_seq'
                ) }}
        end as candidate_key
    from indicators
    left join links
        on links.source_table_id = indicators.table_id
        and links.source_seq = indicators.project_seq

),

facts as (

    select
        -- the indicator's position in its table: the same on every build
        md5(concat_ws('|', keyed.table_id, keyed.indicator_seq)) as indicator_key,
        coalesce(projects.project_key, 'unknown') as project_key,
        keyed.document_id,
        keyed.project_name,
        keyed.name_source,
        keyed.project_code,
        keyed.level1,
        keyed.level2,
        keyed.level3,
        keyed.target_text,
        keyed.comparator,
        keyed.target_number,
        keyed.target_unit,
        keyed.weight,
        keyed.indicator_nature,
        keyed.period,
        keyed.indicator_description,
        keyed.table_id,
        keyed.page,
        -- no reconciliation identity reads a target; its project's money is checked instead
        'unchecked' as verification
    from keyed
    left join projects on projects.project_key = keyed.candidate_key

),

document_keys as (

    select document_id, department_key, budget_year from {{ changed_rows(ref('dim_document')) }}

),

final as (

    select
        facts.document_id,
        document_keys.department_key,
        document_keys.budget_year,
        facts.* exclude (document_id)
    from facts
    inner join document_keys on document_keys.document_id = facts.document_id

)

select * from final
