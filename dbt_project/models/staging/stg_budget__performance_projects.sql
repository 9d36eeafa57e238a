with source as (

    select * from {{ source('budget', 'performance_projects') }}

),

final as (

    select * from source

)

select * from final
