with source as (

    select * from {{ source('budget', 'quarantine') }}

),

final as (

    select * from source

)

select * from final
