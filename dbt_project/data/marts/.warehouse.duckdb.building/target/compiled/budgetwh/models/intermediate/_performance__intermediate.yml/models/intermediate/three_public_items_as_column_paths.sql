-- One row per 三公 table amount cell recognised as an item and a period: the items (total,
-- outbound_travel, reception, vehicle_*) and periods (budget_year, current_year, carryover,
-- prior_year, change) come from the seed three_public_items, matched against the row label
-- (items printed as rows) or the column path (items printed as columns), never per document.
with  __dbt__cte__int_line_items__measured as (

-- Fixture for int_line_items__measured
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast('three_public' as character varying)
 as "table_type", 
    
    cast(2 as INTEGER)
 as "page", 
    
    cast(0 as INTEGER)
 as "row_index", cast(null as character varying(256)) as "side", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "code_printed", cast(null as character varying(256)) as "secondary_label", cast(null as character varying(256)) as "item_name", cast(null as character varying(256)) as "subject_code", cast(null as character varying(256)) as "code_as_printed", cast(null as character varying(256)) as "code_source", cast(null as character varying(256)) as "subject_system", cast(null as BOOLEAN) as "is_total", 
    
    cast(0 as INTEGER)
 as "column_index", 
    
    cast('公务用车购置及运行费/小计' as character varying)
 as "column_path", cast(null as character varying(256)) as "amount_printed", cast(null as character varying(256)) as "unit", 
    
    cast(False as BOOLEAN)
 as "is_blank", 
    
    cast(54000 as DECIMAL(20,2))
 as "amount_yuan", cast(null as DECIMAL(20,6)) as "amount_10k_yuan", cast(null as character varying(256)) as "measure", cast(null as character varying(256)) as "row_fund_source_code", cast(null as character varying(256)) as "column_fund_source_code"
union all
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast('three_public' as character varying)
 as "table_type", 
    
    cast(2 as INTEGER)
 as "page", 
    
    cast(0 as INTEGER)
 as "row_index", cast(null as character varying(256)) as "side", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "code_printed", cast(null as character varying(256)) as "secondary_label", cast(null as character varying(256)) as "item_name", cast(null as character varying(256)) as "subject_code", cast(null as character varying(256)) as "code_as_printed", cast(null as character varying(256)) as "code_source", cast(null as character varying(256)) as "subject_system", cast(null as BOOLEAN) as "is_total", 
    
    cast(1 as INTEGER)
 as "column_index", 
    
    cast('公务用车购置及运行费/公务用车购置费/当年预算' as character varying)
 as "column_path", cast(null as character varying(256)) as "amount_printed", cast(null as character varying(256)) as "unit", 
    
    cast(False as BOOLEAN)
 as "is_blank", 
    
    cast(10000 as DECIMAL(20,2))
 as "amount_yuan", cast(null as DECIMAL(20,6)) as "amount_10k_yuan", cast(null as character varying(256)) as "measure", cast(null as character varying(256)) as "row_fund_source_code", cast(null as character varying(256)) as "column_fund_source_code"
union all
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast('three_public' as character varying)
 as "table_type", 
    
    cast(2 as INTEGER)
 as "page", 
    
    cast(0 as INTEGER)
 as "row_index", cast(null as character varying(256)) as "side", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "code_printed", cast(null as character varying(256)) as "secondary_label", cast(null as character varying(256)) as "item_name", cast(null as character varying(256)) as "subject_code", cast(null as character varying(256)) as "code_as_printed", cast(null as character varying(256)) as "code_source", cast(null as character varying(256)) as "subject_system", cast(null as BOOLEAN) as "is_total", 
    
    cast(2 as INTEGER)
 as "column_index", 
    
    cast('公务用车购置及运行费/公务用车运行费/上年结转' as character varying)
 as "column_path", cast(null as character varying(256)) as "amount_printed", cast(null as character varying(256)) as "unit", 
    
    cast(False as BOOLEAN)
 as "is_blank", 
    
    cast(2000 as DECIMAL(20,2))
 as "amount_yuan", cast(null as DECIMAL(20,6)) as "amount_10k_yuan", cast(null as character varying(256)) as "measure", cast(null as character varying(256)) as "row_fund_source_code", cast(null as character varying(256)) as "column_fund_source_code"
union all
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast('three_public' as character varying)
 as "table_type", 
    
    cast(2 as INTEGER)
 as "page", 
    
    cast(0 as INTEGER)
 as "row_index", cast(null as character varying(256)) as "side", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "code_printed", cast(null as character varying(256)) as "secondary_label", cast(null as character varying(256)) as "item_name", cast(null as character varying(256)) as "subject_code", cast(null as character varying(256)) as "code_as_printed", cast(null as character varying(256)) as "code_source", cast(null as character varying(256)) as "subject_system", cast(null as BOOLEAN) as "is_total", 
    
    cast(3 as INTEGER)
 as "column_index", 
    
    cast('上年预算数/公务接待费' as character varying)
 as "column_path", cast(null as character varying(256)) as "amount_printed", cast(null as character varying(256)) as "unit", 
    
    cast(False as BOOLEAN)
 as "is_blank", 
    
    cast(7000 as DECIMAL(20,2))
 as "amount_yuan", cast(null as DECIMAL(20,6)) as "amount_10k_yuan", cast(null as character varying(256)) as "measure", cast(null as character varying(256)) as "row_fund_source_code", cast(null as character varying(256)) as "column_fund_source_code"
),  __dbt__cte__stg_budget__documents as (
select 'd' as document_id, 2024 as budget_year
),  __dbt__cte__three_public_items as (
select * from three_public_items
), line_items as (

    select * from __dbt__cte__int_line_items__measured
    where table_type = 'three_public'

),

documents as (

    select document_id, budget_year from __dbt__cte__stg_budget__documents

),

patterns as (

    select * from __dbt__cte__three_public_items

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

label_items as (

    select
        line_items.table_id,
        line_items.row_index,
        line_items.column_index,
        patterns.key as item,
        row_number() over (
            partition by line_items.table_id, line_items.row_index, line_items.column_index
            order by patterns.priority
        ) as match_rank
    from line_items
    inner join patterns
        on patterns.kind = 'item'
        and regexp_matches(line_items.item_name, patterns.label_pattern)

),

path_items as (

    select
        segments.table_id,
        segments.row_index,
        segments.column_index,
        patterns.key as item,
        row_number() over (
            partition by segments.table_id, segments.row_index, segments.column_index
            order by segments.depth desc, patterns.priority
        ) as match_rank
    from segments
    inner join patterns
        on patterns.kind = 'item'
        and regexp_matches(segments.segment, patterns.label_pattern)

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
        coalesce(label_items.item, path_items.item) as item,
        coalesce(path_periods.period, 'budget_year') as period
    from line_items
    left join label_items
        on label_items.table_id = line_items.table_id
        and label_items.row_index = line_items.row_index
        and label_items.column_index = line_items.column_index
        and label_items.match_rank = 1
    left join path_items
        on path_items.table_id = line_items.table_id
        and path_items.row_index = line_items.row_index
        and path_items.column_index = line_items.column_index
        and path_items.match_rank = 1
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