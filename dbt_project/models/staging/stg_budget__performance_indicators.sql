with source as (

    select * from {{ source('budget', 'performance_indicators') }}

),

final as (

    select * from source

)

select * from final
