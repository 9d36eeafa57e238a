
    

    create  table
      "warehouse"."main"."int_line_items__measured__dbt_tmp"
  
    
    as (
      -- One row per printed amount cell, with the canonical measure its header path means
-- (seed column_measures: the first matching pattern by priority) and the fund source its
-- label or header names (seed fund_source_aliases).
with  __dbt__cte__stg_budget__line_items as (
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
), line_items as (

    select * from __dbt__cte__stg_budget__line_items

),

measures as (

    select * from "warehouse"."main"."column_measures"

),

aliases as (

    select * from "warehouse"."main"."fund_source_aliases"

),

measured as (

    select
        line_items.*,
        measures.measure,
        row_number() over (
            partition by line_items.table_id, line_items.row_index, line_items.column_index
            order by measures.priority
        ) as match_rank
    from line_items
    left join measures
        on regexp_matches(line_items.table_type, measures.table_type_pattern)
        and (measures.side is null or measures.side = line_items.side)
        and regexp_matches(line_items.column_path, measures.path_pattern)

),

final as (

    select
        measured.* exclude (match_rank),
        row_aliases.fund_source_code as row_fund_source_code,
        column_aliases.fund_source_code as column_fund_source_code
    from measured
    left join aliases as row_aliases
        on row_aliases.alias = measured.item_name
    left join aliases as column_aliases
        on column_aliases.alias = regexp_replace(
            regexp_extract(measured.column_path, '[^/]+$'), '^其中[:：]', ''
        )
    where measured.match_rank = 1

)

select * from final
    );
    
  