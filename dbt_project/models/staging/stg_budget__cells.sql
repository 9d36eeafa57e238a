with source as (

    select * from {{ staged('cells') }}

),

final as (

    select * from source

)

select * from final
