-- One row per figure the narrative states (see pipelines/clean/profile.py).
with source as (

    select * from {{ staged('profile_facts') }}

),

final as (

    select * from source

)

select * from final
