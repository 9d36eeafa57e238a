-- One row per printed amount cell, with the canonical measure its header path means
-- (seed column_measures: the first matching pattern by priority) and the fund source its
-- label or header names (seed fund_source_aliases).
--
-- The patterns are matched once per distinct column (table type, side, header path), not
-- once per cell: a collection has a few thousand distinct columns but millions of cells, and
-- regular expressions per cell made this the slowest model of the build.
with line_items as (

    select * from {{ ref('stg_budget__line_items') }}

),

measures as (

    select * from {{ ref('column_measures') }}

),

aliases as (

    select * from {{ ref('fund_source_aliases') }}

),

columns as (

    select distinct table_type, side, column_path
    from line_items

),

column_measures as (

    select
        columns.table_type,
        columns.side,
        columns.column_path,
        arg_min(measures.measure, measures.priority) as measure
    from columns
    inner join measures
        on regexp_matches(columns.table_type, measures.table_type_pattern)
        and (measures.side is null or measures.side = columns.side)
        and regexp_matches(columns.column_path, measures.path_pattern)
    group by columns.table_type, columns.side, columns.column_path

),

column_sources as (

    select distinct
        columns.column_path,
        aliases.fund_source_code
    from columns
    inner join aliases
        on aliases.alias = regexp_replace(
            regexp_extract(columns.column_path, '[^/]+$'), '^其中[:：]', ''
        )

),

final as (

    select
        line_items.*,
        column_measures.measure,
        row_aliases.fund_source_code as row_fund_source_code,
        column_sources.fund_source_code as column_fund_source_code
    from line_items
    left join column_measures
        on column_measures.table_type is not distinct from line_items.table_type
        and column_measures.side is not distinct from line_items.side
        and column_measures.column_path is not distinct from line_items.column_path
    left join aliases as row_aliases
        on row_aliases.alias = line_items.item_name
    left join column_sources
        on column_sources.column_path = line_items.column_path

)

select * from final
