with source as (

    select * from {{ staged('performance_projects') }}

),

final as (

    select * from source

)

select * from final
