with source as (

    select * from {{ source('budget', 'cells') }}

),

final as (

    select * from source

)

select * from final
