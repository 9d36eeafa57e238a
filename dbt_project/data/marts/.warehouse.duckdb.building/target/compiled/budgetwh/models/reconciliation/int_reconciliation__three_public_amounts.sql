-- One row per printed amount of a “三公”经费 table, classified by item (合计, 因公出国, 公务接待,
-- 公务用车 小计 / 购置 / 运行) and slot (the period or fund column it sits in: 当年预算,
-- 上年预算数, 比上年增减 …). Templates print the items either as rows or as column headers;
-- the item is read from the row label when it names one, otherwise from the deepest header
-- segment that does (seed three_public_item_patterns); the slot is what remains of the
-- header path, without 小计.
with amounts as (

    select * from "warehouse"."main"."int_reconciliation__amounts"
    where table_type = 'three_public'

),

patterns as (

    select * from "warehouse"."main"."three_public_item_patterns"

),

all_patterns as (

    select string_agg(pattern, '|') as any_item from patterns

),

cells as (

    select
        amounts.*,
        string_split(amounts.column_path, '/') as segments
    from amounts

),

row_items as (

    select
        cells.table_id,
        cells.row_index,
        cells.column_index,
        patterns.item,
        cells.column_path as slot
    from cells
    inner join patterns on regexp_matches(cells.item_name, patterns.pattern)
    qualify row_number() over (
        partition by cells.table_id, cells.row_index, cells.column_index
        order by patterns.priority
    ) = 1

),

segments as (

    select
        cells.table_id,
        cells.row_index,
        cells.column_index,
        cells.segments,
        position.segment_index,
        cells.segments[position.segment_index] as segment
    from cells
    cross join unnest(generate_series(1, len(cells.segments))) as position(segment_index)

),

column_items as (

    select
        segments.table_id,
        segments.row_index,
        segments.column_index,
        patterns.item,
        array_to_string(
            list_filter(
                segments.segments,
                lambda s: not regexp_matches(s, all_patterns.any_item) and s not in ('小计', '合计')
            ),
            '/'
        ) as slot
    from segments
    cross join all_patterns
    inner join patterns on regexp_matches(segments.segment, patterns.pattern)
    qualify row_number() over (
        partition by segments.table_id, segments.row_index, segments.column_index
        order by segments.segment_index desc, patterns.priority
    ) = 1

),

final as (

    select
        cells.document_id,
        cells.table_id,
        cells.table_title,
        cells.page,
        cells.row_index,
        cells.column_index,
        cells.column_path,
        cells.label_printed,
        coalesce(row_items.item, column_items.item) as item,
        coalesce(row_items.slot, column_items.slot) as slot,
        case
            when regexp_matches(coalesce(row_items.slot, column_items.slot), '增减|增加|减少')
                then 'change'
            when regexp_matches(coalesce(row_items.slot, column_items.slot), '上年(预算|数)')
                then 'prior_year'
            when regexp_matches(coalesce(row_items.slot, column_items.slot), '上年结转')
                then 'carryover'
            else 'budget_year'
        end as slot_kind,
        cells.is_blank,
        cells.amount_10k_yuan,
        cells.cell_location
    from cells
    left join row_items
        on row_items.table_id = cells.table_id
        and row_items.row_index = cells.row_index
        and row_items.column_index = cells.column_index
    left join column_items
        on column_items.table_id = cells.table_id
        and column_items.row_index = cells.row_index
        and column_items.column_index = cells.column_index
    where coalesce(row_items.item, column_items.item) is not null

)

select * from final