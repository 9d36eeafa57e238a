with source as (

    select * from {{ source('budget', 'document_status') }}

),

final as (

    select * from source

)

select * from final
