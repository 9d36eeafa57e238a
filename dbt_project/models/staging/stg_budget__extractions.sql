with source as (

    select * from {{ source('budget', 'extractions') }}

),

final as (

    select * from source

)

select * from final
