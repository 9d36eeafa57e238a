
-- Fixture for dim_department
select 
    
    cast('k' as character varying)
 as "department_key", 
    
    cast('甲局（本级）' as character varying)
 as "department_name", 
    
    cast('甲局' as character varying)
 as "department_name_normalised", cast(null as character varying(256)) as "province", cast(null as character varying(256)) as "city", cast(null as character varying(256)) as "county", cast(null as BIGINT) as "document_count", cast(null as INTEGER) as "first_budget_year", cast(null as INTEGER) as "last_budget_year"