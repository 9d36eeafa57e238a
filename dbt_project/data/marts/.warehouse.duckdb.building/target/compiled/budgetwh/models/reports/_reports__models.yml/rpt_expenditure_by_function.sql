
-- Fixture for rpt_expenditure_by_function
select 
    
    cast('a' as character varying)
 as "document_id", 
    
    cast('208' as character varying)
 as "subject_code", cast(null as character varying(256)) as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(90.0 as DECIMAL(38,6))
 as "total_10k_yuan", 
    
    cast(60.0 as DECIMAL(38,6))
 as "basic_10k_yuan", 
    
    cast(30.0 as DECIMAL(38,6))
 as "project_10k_yuan"
union all
select 
    
    cast('a' as character varying)
 as "document_id", 
    
    cast('20801' as character varying)
 as "subject_code", cast(null as character varying(256)) as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(90.0 as DECIMAL(38,6))
 as "total_10k_yuan", 
    
    cast(60.0 as DECIMAL(38,6))
 as "basic_10k_yuan", 
    
    cast(30.0 as DECIMAL(38,6))
 as "project_10k_yuan"
union all
select 
    
    cast('a' as character varying)
 as "document_id", 
    
    cast('TOTAL' as character varying)
 as "subject_code", cast(null as character varying(256)) as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(100.0 as DECIMAL(38,6))
 as "total_10k_yuan", 
    
    cast(70.0 as DECIMAL(38,6))
 as "basic_10k_yuan", 
    
    cast(30.0 as DECIMAL(38,6))
 as "project_10k_yuan"
union all
select 
    
    cast('a' as character varying)
 as "document_id", 
    
    cast('22102' as character varying)
 as "subject_code", cast(null as character varying(256)) as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(4.0 as DECIMAL(38,6))
 as "total_10k_yuan", 
    
    cast(4.0 as DECIMAL(38,6))
 as "basic_10k_yuan", 
    
    cast(0.0 as DECIMAL(38,6))
 as "project_10k_yuan"
union all
select 
    
    cast('a' as character varying)
 as "document_id", 
    
    cast('22101' as character varying)
 as "subject_code", cast(null as character varying(256)) as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(6.0 as DECIMAL(38,6))
 as "total_10k_yuan", 
    
    cast(6.0 as DECIMAL(38,6))
 as "basic_10k_yuan", 
    
    cast(0.0 as DECIMAL(38,6))
 as "project_10k_yuan"
union all
select 
    
    cast('a' as character varying)
 as "document_id", 
    
    cast('2210101' as character varying)
 as "subject_code", cast(null as character varying(256)) as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(6.0 as DECIMAL(38,6))
 as "total_10k_yuan", 
    
    cast(6.0 as DECIMAL(38,6))
 as "basic_10k_yuan", 
    
    cast(0.0 as DECIMAL(38,6))
 as "project_10k_yuan"