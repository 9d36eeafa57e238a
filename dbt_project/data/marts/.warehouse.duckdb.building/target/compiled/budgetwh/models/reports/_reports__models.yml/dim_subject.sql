
-- Fixture for dim_subject
select cast(null as character varying(256)) as "subject_key", 
    
    cast('function' as character varying)
 as "subject_system", 
    
    cast('208' as character varying)
 as "subject_code", 
    
    cast('社会保障和就业支出' as character varying)
 as "subject_name", cast(null as character varying(256)) as "subject_level", cast(null as character varying(256)) as "class_code", cast(null as character varying(256)) as "section_code", cast(null as character varying(256)) as "parent_code", cast(null as VARCHAR[]) as "subject_name_aliases", cast(null as character varying(256)) as "subject_origin"
union all
select cast(null as character varying(256)) as "subject_key", 
    
    cast('function' as character varying)
 as "subject_system", 
    
    cast('221' as character varying)
 as "subject_code", 
    
    cast('住房保障支出' as character varying)
 as "subject_name", cast(null as character varying(256)) as "subject_level", cast(null as character varying(256)) as "class_code", cast(null as character varying(256)) as "section_code", cast(null as character varying(256)) as "parent_code", cast(null as VARCHAR[]) as "subject_name_aliases", cast(null as character varying(256)) as "subject_origin"