-- One row per statement the 情况说明 makes (pipelines/clean/narrative): typed subject, figure,
-- whose figure it is (amount_kind), change, rate, list position, page and sentence.
with source as (

    select * from {{ staged('narrative_statements') }}

),

final as (

    select
        document_id,
        statement_index,
        kind,
        subject,
        subject_text,
        three_public_item,
        section,
        value_printed,
        cast(value as decimal(20, 4)) as value,
        unit,
        amount_kind,
        value_decimals,
        cast(amount_10k_yuan as decimal(24, 8)) as amount_10k_yuan,
        amount_decimals,
        change_printed,
        change_direction,
        cast(change_10k_yuan as decimal(20, 4)) as change_10k_yuan,
        rate_printed,
        rate_direction,
        cast(rate_percent as decimal(12, 4)) as rate_percent,
        part_kind,
        parent_index,
        cast(parts_sum_10k_yuan as decimal(20, 4)) as parts_sum_10k_yuan,
        parts_count,
        list_index,
        item_number,
        page,
        sentence
    from source

)

select * from final
