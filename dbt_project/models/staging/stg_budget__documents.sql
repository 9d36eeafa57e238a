with source as (

    select * from {{ source('budget', 'documents') }}

),

final as (

    select * from source

)

select * from final
