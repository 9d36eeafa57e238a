
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