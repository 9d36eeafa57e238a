with source as (

    select * from {{ staged('line_items') }}

),

final as (

    select
        document_id,
        table_id,
        table_type,
        page,
        row_index,
        column_index,
        panel,
        side,
        view,
        label_printed,
        code_printed,
        secondary_label,
        item_name,
        row_kind,
        is_total,
        row_level,
        parent_row_index,
        subject_system,
        subject_code,
        code_source,
        column_path,
        column_group,
        is_subtotal_column,
        measure,
        amount_kind,
        row_fund_source as row_fund_source_code,
        column_fund_source as column_fund_source_code,
        three_public_item,
        item_from_header,
        slot,
        period,
        amount_printed,
        reading,
        is_blank,
        amount_yuan,
        {{ to_10k_yuan('amount_yuan') }} as amount_10k_yuan,
        unit,
        unit_source,
        ocr_confidence,
        {{ line_item_key('source') }} as cell_key
    from source

)

select * from final
