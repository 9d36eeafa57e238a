with source as (

    select * from {{ staged('page_texts') }}

),

final as (

    select * from source

)

select * from final
