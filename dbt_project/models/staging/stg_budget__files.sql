with source as (

    select * from {{ source('budget', 'files') }}

),

final as (

    select * from source

)

select * from final
