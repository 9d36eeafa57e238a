-- One row per document and 三公 item (total, outbound_travel, reception, vehicle_total,
-- vehicle_purchase, vehicle_operation): the budget-year and prior-year amounts with where each
-- came from. The table wins; a prior year the table gives only as a change is derived
-- (budget − change); what the table leaves blank or does not print is taken from the
-- 情况说明 text when it states it (prior = budget − the change the text states).
with  __dbt__cte__int_three_public__amounts as (

-- Fixture for int_three_public__amounts
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast(1 as INTEGER)
 as "page", cast(null as INTEGER) as "row_index", cast(null as INTEGER) as "column_index", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "column_path", cast(null as character varying(256)) as "amount_printed", 
    
    cast(168000 as DECIMAL(20,2))
 as "amount_yuan", cast(null as BOOLEAN) as "is_blank", 
    
    cast('total' as character varying)
 as "item", 
    
    cast('budget_year' as character varying)
 as "period"
union all
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast(1 as INTEGER)
 as "page", cast(null as INTEGER) as "row_index", cast(null as INTEGER) as "column_index", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "column_path", cast(null as character varying(256)) as "amount_printed", 
    
    cast(6000 as DECIMAL(20,2))
 as "amount_yuan", cast(null as BOOLEAN) as "is_blank", 
    
    cast('total' as character varying)
 as "item", 
    
    cast('change' as character varying)
 as "period"
union all
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast(1 as INTEGER)
 as "page", cast(null as INTEGER) as "row_index", cast(null as INTEGER) as "column_index", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "column_path", cast(null as character varying(256)) as "amount_printed", 
    
    cast(93200 as DECIMAL(20,2))
 as "amount_yuan", cast(null as BOOLEAN) as "is_blank", 
    
    cast('reception' as character varying)
 as "item", 
    
    cast('budget_year' as character varying)
 as "period"
union all
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast(1 as INTEGER)
 as "page", cast(null as INTEGER) as "row_index", cast(null as INTEGER) as "column_index", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "column_path", cast(null as character varying(256)) as "amount_printed", 
    
    cast(null as DECIMAL(20,2))
 as "amount_yuan", cast(null as BOOLEAN) as "is_blank", 
    
    cast('outbound_travel' as character varying)
 as "item", 
    
    cast('budget_year' as character varying)
 as "period"
union all
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast(1 as INTEGER)
 as "page", cast(null as INTEGER) as "row_index", cast(null as INTEGER) as "column_index", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "column_path", cast(null as character varying(256)) as "amount_printed", 
    
    cast(null as DECIMAL(20,2))
 as "amount_yuan", cast(null as BOOLEAN) as "is_blank", 
    
    cast('outbound_travel' as character varying)
 as "item", 
    
    cast('prior_year' as character varying)
 as "period"
union all
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast(1 as INTEGER)
 as "page", cast(null as INTEGER) as "row_index", cast(null as INTEGER) as "column_index", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "column_path", cast(null as character varying(256)) as "amount_printed", 
    
    cast(null as DECIMAL(20,2))
 as "amount_yuan", cast(null as BOOLEAN) as "is_blank", 
    
    cast('vehicle_purchase' as character varying)
 as "item", 
    
    cast('budget_year' as character varying)
 as "period"
union all
select 
    
    cast('d' as character varying)
 as "document_id", 
    
    cast('t' as character varying)
 as "table_id", 
    
    cast(1 as INTEGER)
 as "page", cast(null as INTEGER) as "row_index", cast(null as INTEGER) as "column_index", cast(null as character varying(256)) as "label_printed", cast(null as character varying(256)) as "column_path", cast(null as character varying(256)) as "amount_printed", 
    
    cast(null as DECIMAL(20,2))
 as "amount_yuan", cast(null as BOOLEAN) as "is_blank", 
    
    cast('vehicle_purchase' as character varying)
 as "item", 
    
    cast('prior_year' as character varying)
 as "period"
),  __dbt__cte__stg_budget__profile_facts as (
select 'd' as document_id, 1 as fact_seq, 'three_public' as fact,
    '公务接待费' as label, 9.32 as value, '万元' as unit, -4.5 as change_value,
    '公务接待费9.32万元，比上年减少4.5万元' as sentence, 7 as page
union all
select 'd', 2, 'three_public', '因公出国（境）费', 0.00, '万元', 0.00,
    '因公出国（境）费0.00万元，增加0.00万元', 7
),  __dbt__cte__three_public_items as (
select * from three_public_items
), table_amounts as (

    select * from __dbt__cte__int_three_public__amounts

),

facts as (

    select * from __dbt__cte__stg_budget__profile_facts
    where fact = 'three_public'

),

patterns as (

    select * from __dbt__cte__three_public_items
    where kind = 'item'

),

by_item as (

    select
        document_id,
        item,
        min(table_id) as table_id,
        min(page) as page,
        min(label_printed) filter (where label_printed is not null) as label_printed,
        max(amount_yuan) filter (where period = 'budget_year') as budget_yuan,
        max(amount_yuan) filter (where period = 'current_year') as current_year_yuan,
        max(amount_yuan) filter (where period = 'carryover') as carryover_yuan,
        max(amount_yuan) filter (where period = 'prior_year') as prior_yuan,
        max(amount_yuan) filter (where period = 'change') as change_yuan,
        bool_or(period = 'prior_year') as has_prior_cell
    from table_amounts
    group by document_id, item

),

text_items as (

    select
        facts.*,
        patterns.key as item,
        row_number() over (
            partition by facts.document_id, facts.fact_seq order by patterns.priority
        ) as match_rank
    from facts
    inner join patterns on regexp_matches(facts.label, patterns.label_pattern)

),

text_first as (

    select
        *,
        row_number() over (partition by document_id, item order by fact_seq) as mention_rank
    from text_items
    where match_rank = 1

),

text_amounts as (

    select
        document_id,
        item,
        value * 10000 as text_budget_yuan,
        change_value * 10000 as text_change_yuan,
        page as text_page,
        sentence as text_sentence
    from text_first
    where mention_rank = 1

),

combined as (

    select
        coalesce(by_item.document_id, text_amounts.document_id) as document_id,
        coalesce(by_item.item, text_amounts.item) as item,
        by_item.table_id,
        by_item.page,
        by_item.label_printed,
        by_item.current_year_yuan,
        by_item.carryover_yuan,
        by_item.change_yuan,
        by_item.has_prior_cell,
        by_item.prior_yuan,
        by_item.table_id is not null as has_table_item,
        coalesce(
            by_item.budget_yuan,
            case
                when by_item.current_year_yuan is not null or by_item.carryover_yuan is not null
                    then coalesce(by_item.current_year_yuan, 0) + coalesce(by_item.carryover_yuan, 0)
            end
        ) as table_budget_yuan,
        text_amounts.text_budget_yuan,
        text_amounts.text_change_yuan,
        text_amounts.text_page,
        text_amounts.text_sentence
    from by_item
    full outer join text_amounts
        on text_amounts.document_id = by_item.document_id
        and text_amounts.item = by_item.item

),

resolved as (

    select
        *,
        coalesce(table_budget_yuan, text_budget_yuan) as budget_year_yuan,
        case
            when table_budget_yuan is not null then 'table'
            when text_budget_yuan is not null then 'text'
            when has_table_item then 'table'
        end as source
    from combined

),

final as (

    select
        document_id,
        item,
        cast(budget_year_yuan / 10000 as decimal(20, 6)) as budget_year_10k_yuan,
        cast(
            case
                when prior_yuan is not null then prior_yuan
                when change_yuan is not null and table_budget_yuan is not null
                    then table_budget_yuan - change_yuan
                when text_change_yuan is not null and budget_year_yuan is not null
                    then budget_year_yuan - text_change_yuan
            end / 10000 as decimal(20, 6)
        ) as prior_year_10k_yuan,
        source,
        case
            when prior_yuan is not null then 'table'
            when change_yuan is not null and table_budget_yuan is not null then 'derived'
            when text_change_yuan is not null and budget_year_yuan is not null then 'text'
            when has_prior_cell then 'table'
        end as prior_source,
        cast(current_year_yuan / 10000 as decimal(20, 6)) as current_year_10k_yuan,
        cast(carryover_yuan / 10000 as decimal(20, 6)) as carryover_10k_yuan,
        cast(change_yuan / 10000 as decimal(20, 6)) as change_10k_yuan,
        cast(text_change_yuan / 10000 as decimal(20, 6)) as text_change_10k_yuan,
        label_printed,
        table_id,
        page,
        text_page,
        text_sentence
    from resolved

)

select * from final