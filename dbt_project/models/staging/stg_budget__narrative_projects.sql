with source as (

    select * from {{ staged('narrative_projects') }}

),

final as (

    select
        document_id,
        statement_index,
        list_index,
        item_number,
        page,
        stated_name,
        amount_printed,
        cast(amount_10k_yuan as decimal(20, 6)) as amount_10k_yuan,
        snippet,
        match_method,
        similarity,
        table_id,
        line_seq,
        project_name,
        match_method in ('exact', 'normalized', 'same_amount', 'similar') as is_matched
    from source

)

select * from final
