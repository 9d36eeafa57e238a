with source as (

    select * from {{ staged('documents') }}

),

final as (

    select * from source

)

select * from final
