-- One row per fund source (资金来源), from the reference seed, plus an unknown member.
with sources as (

    select * from {{ ref('fund_sources') }}

),

final as (

    select
        fund_source_code,
        fund_source_name,
        fund_source_group,
        sort_order,
        description
    from sources
    union all
    select 'unknown', '(未识别来源)', 'unknown', 999, 'A label no alias matched.'

)

select * from final
