with source as (

    select * from {{ staged('tables') }}

),

final as (

    select * from source

)

select * from final
