with source as (

    select * from {{ source('budget', 'tables') }}

),

final as (

    select * from source

)

select * from final
