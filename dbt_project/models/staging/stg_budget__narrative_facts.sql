with source as (

    select * from {{ staged('narrative_facts') }}

),

final as (

    select
        document_id,
        fact_index,
        fact,
        page,
        subject_text,
        amount_printed,
        cast(amount_10k_yuan as decimal(20, 6)) as amount_10k_yuan,
        change_printed,
        cast(change_10k_yuan as decimal(20, 6)) as change_10k_yuan,
        change_direction,
        rate_printed,
        cast(rate_percent as decimal(12, 4)) as rate_percent,
        count_value,
        cast(parts_sum_10k_yuan as decimal(20, 6)) as parts_sum_10k_yuan,
        parts_count,
        sentence
    from source

)

select * from final
