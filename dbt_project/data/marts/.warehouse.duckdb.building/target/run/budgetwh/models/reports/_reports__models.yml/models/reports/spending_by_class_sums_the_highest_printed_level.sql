
    -- Build actual result given inputs
with dbt_internal_unit_test_actual as (
  select
    "document_id","class_code","class_name","amount_level","total_10k_yuan","share_pct", 'actual' as "actual_or_expected"
  from (
    -- Spending by 类 (支出功能分类 class, 3-digit code) across departments: one row per document
-- and class, from the document's 支出总表 (rpt_expenditure_by_function). Where a document
-- prints the 类 row, its amounts are taken as printed; where it prints only lower levels, the
-- class is summed from its highest printed level (款, else 项) so no row is counted twice.
-- share_pct is the class's share of the document's 合计.
with  __dbt__cte__rpt_expenditure_by_function as (

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
),  __dbt__cte__dim_document as (

-- Fixture for dim_document
select 
    
    cast('a' as character varying)
 as "document_id", cast(null as character varying(256)) as "file_name", cast(null as character varying(256)) as "sha256", cast(null as INTEGER) as "page_count", cast(null as character varying(256)) as "pdf_title", cast(null as character varying(256)) as "department_name", 
    
    cast('k' as character varying)
 as "department_key", 
    
    cast(2024 as INTEGER)
 as "budget_year", cast(null as INTEGER) as "tables_found", cast(null as TIMESTAMP WITH TIME ZONE) as "extracted_at", cast(null as character varying(256)) as "extractor_version"
),  __dbt__cte__dim_department as (

-- Fixture for dim_department
select 
    
    cast('k' as character varying)
 as "department_key", 
    
    cast('甲局（本级）' as character varying)
 as "department_name", 
    
    cast('甲局' as character varying)
 as "department_name_normalised", cast(null as character varying(256)) as "province", cast(null as character varying(256)) as "city", cast(null as character varying(256)) as "county", cast(null as BIGINT) as "document_count", cast(null as INTEGER) as "first_budget_year", cast(null as INTEGER) as "last_budget_year"
),  __dbt__cte__dim_subject as (

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
), expenditure as (

    select * from __dbt__cte__rpt_expenditure_by_function

),

documents as (

    select * from __dbt__cte__dim_document

),

departments as (

    select * from __dbt__cte__dim_department

),

subjects as (

    select * from __dbt__cte__dim_subject
    where subject_system = 'function'

),

subject_rows as (

    select
        document_id,
        subject_code[1:3] as class_code,
        length(subject_code) as code_length,
        total_10k_yuan,
        basic_10k_yuan,
        project_10k_yuan
    from expenditure
    where subject_code <> 'TOTAL'
        and length(subject_code) in (3, 5, 7)

),

by_level as (

    select
        document_id,
        class_code,
        code_length,
        sum(total_10k_yuan) as total_10k_yuan,
        sum(basic_10k_yuan) as basic_10k_yuan,
        sum(project_10k_yuan) as project_10k_yuan
    from subject_rows
    group by document_id, class_code, code_length

),

highest_level as (

    select
        document_id,
        class_code,
        arg_min(code_length, code_length) as code_length,
        arg_min(total_10k_yuan, code_length) as total_10k_yuan,
        arg_min(basic_10k_yuan, code_length) as basic_10k_yuan,
        arg_min(project_10k_yuan, code_length) as project_10k_yuan
    from by_level
    group by document_id, class_code

),

document_totals as (

    select document_id, total_10k_yuan as document_total_10k_yuan
    from expenditure
    where subject_code = 'TOTAL'

),

final as (

    select
        highest_level.document_id,
        departments.department_name,
        departments.department_name_normalised,
        documents.budget_year,
        highest_level.class_code,
        subjects.subject_name as class_name,
        case highest_level.code_length when 3 then '类' when 5 then '款' when 7 then '项' end
            as amount_level,
        highest_level.total_10k_yuan,
        highest_level.basic_10k_yuan,
        highest_level.project_10k_yuan,
        document_totals.document_total_10k_yuan,
        case
            when document_totals.document_total_10k_yuan <> 0
                then cast(
                    highest_level.total_10k_yuan * 100 / document_totals.document_total_10k_yuan
                    as decimal(12, 2)
                )
        end as share_pct
    from highest_level
    inner join documents on documents.document_id = highest_level.document_id
    inner join departments on departments.department_key = documents.department_key
    left join subjects on subjects.subject_code = highest_level.class_code
    left join document_totals on document_totals.document_id = highest_level.document_id
    order by highest_level.document_id, highest_level.class_code

)

select * from final
  ) _dbt_internal_unit_test_actual
),
-- Build expected result
dbt_internal_unit_test_expected as (
  select
    "document_id", "class_code", "class_name", "amount_level", "total_10k_yuan", "share_pct", 'expected' as "actual_or_expected"
  from (
    select 
    
    cast('a' as character varying)
 as "document_id", 
    
    cast('208' as character varying)
 as "class_code", 
    
    cast('社会保障和就业支出' as character varying)
 as "class_name", 
    
    cast('类' as character varying)
 as "amount_level", 
    
    cast(90.0 as DECIMAL(38,6))
 as "total_10k_yuan", 
    
    cast(90.0 as DECIMAL(12,2))
 as "share_pct"
union all
select 
    
    cast('a' as character varying)
 as "document_id", 
    
    cast('221' as character varying)
 as "class_code", 
    
    cast('住房保障支出' as character varying)
 as "class_name", 
    
    cast('款' as character varying)
 as "amount_level", 
    
    cast(10.0 as DECIMAL(38,6))
 as "total_10k_yuan", 
    
    cast(10.0 as DECIMAL(12,2))
 as "share_pct"
  ) _dbt_internal_unit_test_expected
)
-- Union actual and expected results
select * from dbt_internal_unit_test_actual
union all
select * from dbt_internal_unit_test_expected