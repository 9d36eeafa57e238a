with source as (

    select * from {{ source('budget', 'page_texts') }}

),

final as (

    select * from source

)

select * from final
