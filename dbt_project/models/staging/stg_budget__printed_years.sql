with source as (

    select * from {{ staged('printed_years') }}

),

final as (

    select
        document_id,
        table_id,
        page,
        place,
        text,
        year_printed
    from source

)

select * from final
