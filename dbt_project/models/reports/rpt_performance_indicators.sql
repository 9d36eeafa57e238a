-- Performance indicators as the 绩效目标表 print them: one row per indicator. Contract for
-- analysts and checks: names and columns are fixed.
with indicators as (

    select * from {{ ref('fct_performance_indicator') }}

),

final as (

    select
        document_id,
        project_name,
        level1,
        level2,
        level3,
        target_text,
        comparator,
        target_number,
        target_unit,
        weight,
        period,
        verification
    from indicators

)

select * from final
