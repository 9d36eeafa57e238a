
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