-- One row per 三公 table amount cell recognised as an item and a period: the items (total,
-- outbound_travel, reception, vehicle_*) and periods (budget_year, current_year, carryover,
-- prior_year, change) come from the seed three_public_items, matched against the row label
-- (items printed as rows) or the column path (items printed as columns), never per document.
-- The item is read by the macro three_public_cell_items, which the reconciliation uses too.
with line_items as (

    select * from {{ ref('int_line_items__measured') }}
    where table_type = 'three_public'

),

documents as (

    select document_id, budget_year from {{ ref('stg_budget__documents') }}

),

patterns as (

    select * from {{ ref('three_public_items') }}

),

segments as (

    select
        line_items.table_id,
        line_items.row_index,
        line_items.column_index,
        depth,
        string_split(line_items.column_path, '/')[depth] as segment
    from line_items,
        unnest(range(1, len(string_split(line_items.column_path, '/')) + 1)) as t(depth)

),

cell_items as (

    {{ three_public_cell_items('line_items', 'patterns') }}

),

path_periods as (

    select
        segments.table_id,
        segments.row_index,
        segments.column_index,
        case
            when patterns.key = 'budget_year'
                and try_cast(regexp_extract(segments.segment, '(\d{4})年', 1) as integer)
                = documents.budget_year - 1
                then 'prior_year'
            else patterns.key
        end as period,
        row_number() over (
            partition by segments.table_id, segments.row_index, segments.column_index
            order by patterns.priority
        ) as match_rank
    from segments
    inner join line_items
        on line_items.table_id = segments.table_id
        and line_items.row_index = segments.row_index
        and line_items.column_index = segments.column_index
    left join documents on documents.document_id = line_items.document_id
    inner join patterns
        on patterns.kind = 'period'
        and regexp_matches(segments.segment, patterns.label_pattern)

),

recognised as (

    select
        line_items.document_id,
        line_items.table_id,
        line_items.page,
        line_items.row_index,
        line_items.column_index,
        line_items.label_printed,
        line_items.column_path,
        line_items.amount_printed,
        line_items.amount_yuan,
        line_items.is_blank,
        line_items.column_fund_source_code,
        cell_items.item,
        coalesce(path_periods.period, 'budget_year') as period
    from line_items
    left join cell_items
        on cell_items.table_id = line_items.table_id
        and cell_items.row_index = line_items.row_index
        and cell_items.column_index = line_items.column_index
    left join path_periods
        on path_periods.table_id = line_items.table_id
        and path_periods.row_index = line_items.row_index
        and path_periods.column_index = line_items.column_index
        and path_periods.match_rank = 1

),

ranked as (

    -- A column split by fund source (一般公共预算 …) repeats its 合计 column: keep the total.
    select
        *,
        row_number() over (
            partition by document_id, item, period
            order by column_fund_source_code is not null, table_id, row_index, column_index
        ) as cell_rank
    from recognised
    where item is not null

),

final as (

    select * exclude (cell_rank, column_fund_source_code)
    from ranked
    where cell_rank = 1

)

select * from final
