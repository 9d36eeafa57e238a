with source as (

    select * from read_parquet('/tmp/session/data/staging/line_items/*.parquet', union_by_name = true)

),

final as (

    select
        document_id,
        table_id,
        table_type,
        page,
        row_index,
        side,
        label_printed,
        code_printed,
        secondary_label,
        item_name,
        coalesce(subject_code, item_code) as subject_code,
        item_code as code_as_printed,
        code_source,
        subject_system,
        coalesce(is_total, false) as is_total,
        column_index,
        column_path,
        amount_printed,
        unit,
        is_blank,
        cast(amount_yuan as decimal(20, 2)) as amount_yuan,
        cast(amount_yuan / 10000 as decimal(20, 6)) as amount_10k_yuan
    from source

)

select * from final