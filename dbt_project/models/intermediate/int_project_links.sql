-- One row per link between a budgeted project of a 项目支出表 and the project of a
-- performance-target table (绩效目标表). Names differ slightly between the two, so links are
-- made in order of confidence and recorded in match_method: exact (same name), normalized
-- (same after removing spaces, punctuation and brackets), contained (one name inside the
-- other), similar (Jaro-Winkler ≥ 0.8) and amount (only the amounts agree); every method
-- other than exact/normalized needs the amounts to agree (50 yuan covers 万元 rounding).
-- Links are one-to-one: a pair is kept when each side is the other's best candidate, in two
-- rounds so a project whose best partner was taken can still find its next best.
{{ config(materialized='incremental') }}

with lines as (

    select * from {{ changed_rows(ref('stg_budget__project_lines')) }}
    where not has_children

),

performance as (

    select * from {{ changed_rows(ref('stg_budget__performance_projects')) }}
    where project_name is not null

),

normalised as (

    select
        lines.document_id,
        lines.table_id as line_table_id,
        lines.line_seq,
        performance.table_id as performance_table_id,
        performance.project_seq,
        lines.project_name as line_name,
        performance.project_name as performance_name,
        lines.amount_yuan as line_amount_yuan,
        performance.amount_yuan as performance_amount_yuan,
        regexp_replace(lower(lines.project_name), '[\s\p{P}\p{S}]', '', 'g') as line_key,
        regexp_replace(lower(performance.project_name), '[\s\p{P}\p{S}]', '', 'g')
            as performance_key
    from lines
    inner join performance on performance.document_id = lines.document_id

),

scored as (

    select
        *,
        abs(line_amount_yuan - performance_amount_yuan) <= 50 as amounts_agree,
        jaro_winkler_similarity(line_key, performance_key) as similarity,
        case
            when line_name = performance_name then 'exact'
            when line_key = performance_key then 'normalized'
            when contains(line_key, performance_key) or contains(performance_key, line_key)
                then 'contained'
            when jaro_winkler_similarity(line_key, performance_key) >= 0.8 then 'similar'
            else 'amount'
        end as match_method
    from normalised

),

candidates as (

    select
        *,
        case match_method
            when 'exact' then 1
            when 'normalized' then 2
            when 'contained' then 3
            when 'similar' then 4
            else 5
        end as method_rank
    from scored
    where amounts_agree
        or (match_method in ('exact', 'normalized') and performance_amount_yuan is null)

),

round_one as (

    select
        *,
        row_number() over (
            partition by document_id, line_table_id, line_seq
            order by method_rank, similarity desc
        ) as line_rank,
        row_number() over (
            partition by document_id, performance_table_id, project_seq
            order by method_rank, similarity desc
        ) as performance_rank
    from candidates

),

first_links as (

    select * from round_one where line_rank = 1 and performance_rank = 1

),

remaining as (

    select candidates.*
    from candidates
    where not exists (
        select 1 from first_links
        where first_links.line_table_id = candidates.line_table_id
            and first_links.line_seq = candidates.line_seq
    )
    and not exists (
        select 1 from first_links
        where first_links.performance_table_id = candidates.performance_table_id
            and first_links.project_seq = candidates.project_seq
    )

),

round_two as (

    select
        *,
        row_number() over (
            partition by document_id, line_table_id, line_seq
            order by method_rank, similarity desc
        ) as line_rank,
        row_number() over (
            partition by document_id, performance_table_id, project_seq
            order by method_rank, similarity desc
        ) as performance_rank
    from remaining

),

final as (

    select
        document_id, line_table_id, line_seq, performance_table_id, project_seq,
        line_name, performance_name, match_method, similarity, 1 as match_round
    from first_links
    union all
    select
        document_id, line_table_id, line_seq, performance_table_id, project_seq,
        line_name, performance_name, match_method, similarity, 2 as match_round
    from round_two
    where line_rank = 1 and performance_rank = 1

)

select * from final
