with source as (

    select * from {{ staged('performance_indicators') }}

),

final as (

    select * from source

)

select * from final
