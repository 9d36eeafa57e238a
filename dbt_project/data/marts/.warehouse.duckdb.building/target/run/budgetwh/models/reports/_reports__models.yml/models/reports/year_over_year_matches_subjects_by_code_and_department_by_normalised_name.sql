
    -- Build actual result given inputs
with dbt_internal_unit_test_actual as (
  select
    "department_name_normalised","base_year","compare_year","subject_code","subject_name","subject_level","base_total_10k_yuan","compare_total_10k_yuan","change_10k_yuan","change_pct", 'actual' as "actual_or_expected"
  from (
    -- Year over year (同比) for the same department: every pair of its documents from two budget
-- years, subject by subject (支出功能分类 code as printed in the 支出总表), with both years'
-- amounts, the change and the change in percent. Departments are matched on the normalised
-- name (（本级） and similar qualifiers removed); subjects on the code, so a renamed subject
-- still lines up. A subject printed in one year only has the other year null (counted as 0
-- in the change: not printed means not budgeted).
with  __dbt__cte__rpt_expenditure_by_function as (

-- Fixture for rpt_expenditure_by_function
select 
    
    cast('a-2021' as character varying)
 as "document_id", 
    
    cast('208' as character varying)
 as "subject_code", 
    
    cast('社会保障和就业支出' as character varying)
 as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(100.0 as DECIMAL(38,6))
 as "total_10k_yuan", cast(null as DECIMAL(38,6)) as "basic_10k_yuan", cast(null as DECIMAL(38,6)) as "project_10k_yuan"
union all
select 
    
    cast('a-2021' as character varying)
 as "document_id", 
    
    cast('2080101' as character varying)
 as "subject_code", 
    
    cast('行政运行' as character varying)
 as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(40.0 as DECIMAL(38,6))
 as "total_10k_yuan", cast(null as DECIMAL(38,6)) as "basic_10k_yuan", cast(null as DECIMAL(38,6)) as "project_10k_yuan"
union all
select 
    
    cast('a-2024' as character varying)
 as "document_id", 
    
    cast('208' as character varying)
 as "subject_code", 
    
    cast('社会保障和就业' as character varying)
 as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(150.0 as DECIMAL(38,6))
 as "total_10k_yuan", cast(null as DECIMAL(38,6)) as "basic_10k_yuan", cast(null as DECIMAL(38,6)) as "project_10k_yuan"
union all
select 
    
    cast('a-2024' as character varying)
 as "document_id", 
    
    cast('2080199' as character varying)
 as "subject_code", 
    
    cast('其他' as character varying)
 as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(10.0 as DECIMAL(38,6))
 as "total_10k_yuan", cast(null as DECIMAL(38,6)) as "basic_10k_yuan", cast(null as DECIMAL(38,6)) as "project_10k_yuan"
union all
select 
    
    cast('b-2024' as character varying)
 as "document_id", 
    
    cast('208' as character varying)
 as "subject_code", 
    
    cast('社会保障和就业支出' as character varying)
 as "subject_name", cast(null as character varying(256)) as "subject_level", 
    
    cast(5.0 as DECIMAL(38,6))
 as "total_10k_yuan", cast(null as DECIMAL(38,6)) as "basic_10k_yuan", cast(null as DECIMAL(38,6)) as "project_10k_yuan"
),  __dbt__cte__dim_document as (

-- Fixture for dim_document
select 
    
    cast('a-2021' as character varying)
 as "document_id", cast(null as character varying(256)) as "file_name", cast(null as character varying(256)) as "sha256", cast(null as INTEGER) as "page_count", cast(null as character varying(256)) as "pdf_title", cast(null as character varying(256)) as "department_name", 
    
    cast('ka1' as character varying)
 as "department_key", 
    
    cast(2021 as INTEGER)
 as "budget_year", cast(null as INTEGER) as "tables_found", cast(null as TIMESTAMP WITH TIME ZONE) as "extracted_at", cast(null as character varying(256)) as "extractor_version"
union all
select 
    
    cast('a-2024' as character varying)
 as "document_id", cast(null as character varying(256)) as "file_name", cast(null as character varying(256)) as "sha256", cast(null as INTEGER) as "page_count", cast(null as character varying(256)) as "pdf_title", cast(null as character varying(256)) as "department_name", 
    
    cast('ka2' as character varying)
 as "department_key", 
    
    cast(2024 as INTEGER)
 as "budget_year", cast(null as INTEGER) as "tables_found", cast(null as TIMESTAMP WITH TIME ZONE) as "extracted_at", cast(null as character varying(256)) as "extractor_version"
union all
select 
    
    cast('b-2024' as character varying)
 as "document_id", cast(null as character varying(256)) as "file_name", cast(null as character varying(256)) as "sha256", cast(null as INTEGER) as "page_count", cast(null as character varying(256)) as "pdf_title", cast(null as character varying(256)) as "department_name", 
    
    cast('kb' as character varying)
 as "department_key", 
    
    cast(2024 as INTEGER)
 as "budget_year", cast(null as INTEGER) as "tables_found", cast(null as TIMESTAMP WITH TIME ZONE) as "extracted_at", cast(null as character varying(256)) as "extractor_version"
),  __dbt__cte__dim_department as (

-- Fixture for dim_department
select 
    
    cast('ka1' as character varying)
 as "department_key", cast(null as character varying(256)) as "department_name", 
    
    cast('甲局' as character varying)
 as "department_name_normalised", cast(null as character varying(256)) as "province", cast(null as character varying(256)) as "city", cast(null as character varying(256)) as "county", 
    
    cast(1 as BIGINT)
 as "document_count", cast(null as INTEGER) as "first_budget_year", cast(null as INTEGER) as "last_budget_year"
union all
select 
    
    cast('ka2' as character varying)
 as "department_key", cast(null as character varying(256)) as "department_name", 
    
    cast('甲局' as character varying)
 as "department_name_normalised", cast(null as character varying(256)) as "province", cast(null as character varying(256)) as "city", cast(null as character varying(256)) as "county", 
    
    cast(1 as BIGINT)
 as "document_count", cast(null as INTEGER) as "first_budget_year", cast(null as INTEGER) as "last_budget_year"
union all
select 
    
    cast('kb' as character varying)
 as "department_key", cast(null as character varying(256)) as "department_name", 
    
    cast('乙局' as character varying)
 as "department_name_normalised", cast(null as character varying(256)) as "province", cast(null as character varying(256)) as "city", cast(null as character varying(256)) as "county", 
    
    cast(1 as BIGINT)
 as "document_count", cast(null as INTEGER) as "first_budget_year", cast(null as INTEGER) as "last_budget_year"
), expenditure as (

    select * from __dbt__cte__rpt_expenditure_by_function

),

documents as (

    select * from __dbt__cte__dim_document

),

departments as (

    select * from __dbt__cte__dim_department

),

department_documents as (

    select
        documents.document_id,
        documents.budget_year,
        departments.department_name_normalised
    from documents
    inner join departments on departments.department_key = documents.department_key
    where documents.budget_year is not null
        and departments.document_count > 0

),

document_pairs as (

    select
        base.department_name_normalised,
        base.document_id as base_document_id,
        base.budget_year as base_year,
        compare.document_id as compare_document_id,
        compare.budget_year as compare_year
    from department_documents as base
    inner join department_documents as compare
        on compare.department_name_normalised = base.department_name_normalised
        and compare.budget_year > base.budget_year

),

base_rows as (

    select
        document_pairs.*,
        expenditure.subject_code,
        expenditure.subject_name,
        expenditure.total_10k_yuan
    from document_pairs
    inner join expenditure on expenditure.document_id = document_pairs.base_document_id

),

compare_rows as (

    select
        document_pairs.*,
        expenditure.subject_code,
        expenditure.subject_name,
        expenditure.total_10k_yuan
    from document_pairs
    inner join expenditure on expenditure.document_id = document_pairs.compare_document_id

),

matched as (

    select
        coalesce(base_rows.department_name_normalised, compare_rows.department_name_normalised)
            as department_name_normalised,
        coalesce(base_rows.base_document_id, compare_rows.base_document_id) as base_document_id,
        coalesce(base_rows.compare_document_id, compare_rows.compare_document_id)
            as compare_document_id,
        coalesce(base_rows.base_year, compare_rows.base_year) as base_year,
        coalesce(base_rows.compare_year, compare_rows.compare_year) as compare_year,
        coalesce(base_rows.subject_code, compare_rows.subject_code) as subject_code,
        base_rows.subject_name as base_subject_name,
        compare_rows.subject_name as compare_subject_name,
        base_rows.total_10k_yuan as base_total_10k_yuan,
        compare_rows.total_10k_yuan as compare_total_10k_yuan
    from base_rows
    full outer join compare_rows
        on compare_rows.base_document_id = base_rows.base_document_id
        and compare_rows.compare_document_id = base_rows.compare_document_id
        and compare_rows.subject_code = base_rows.subject_code

),

final as (

    select
        matched.department_name_normalised,
        matched.base_year,
        matched.compare_year,
        matched.base_document_id,
        matched.compare_document_id,
        matched.subject_code,
        coalesce(matched.compare_subject_name, matched.base_subject_name) as subject_name,
        case
            when matched.subject_code = 'TOTAL' then null
            when length(matched.subject_code) = 3 then '类'
            when length(matched.subject_code) = 5 then '款'
            when length(matched.subject_code) = 7 then '项'
        end as subject_level,
        matched.base_total_10k_yuan,
        matched.compare_total_10k_yuan,
        coalesce(matched.compare_total_10k_yuan, 0) - coalesce(matched.base_total_10k_yuan, 0)
            as change_10k_yuan,
        case
            when matched.base_total_10k_yuan <> 0
                then cast(
                    (coalesce(matched.compare_total_10k_yuan, 0) - matched.base_total_10k_yuan)
                    * 100
                    / matched.base_total_10k_yuan
                    as decimal(12, 2)
                )
        end as change_pct
    from matched
    order by
        matched.department_name_normalised,
        matched.base_year,
        matched.compare_year,
        matched.subject_code

)

select * from final
  ) _dbt_internal_unit_test_actual
),
-- Build expected result
dbt_internal_unit_test_expected as (
  select
    "department_name_normalised", "base_year", "compare_year", "subject_code", "subject_name", "subject_level", "base_total_10k_yuan", "compare_total_10k_yuan", "change_10k_yuan", "change_pct", 'expected' as "actual_or_expected"
  from (
    select 
    
    cast('甲局' as character varying)
 as "department_name_normalised", 
    
    cast(2021 as INTEGER)
 as "base_year", 
    
    cast(2024 as INTEGER)
 as "compare_year", 
    
    cast('208' as character varying)
 as "subject_code", 
    
    cast('社会保障和就业' as character varying)
 as "subject_name", 
    
    cast('类' as character varying)
 as "subject_level", 
    
    cast(100.0 as DECIMAL(38,6))
 as "base_total_10k_yuan", 
    
    cast(150.0 as DECIMAL(38,6))
 as "compare_total_10k_yuan", 
    
    cast(50.0 as DECIMAL(38,6))
 as "change_10k_yuan", 
    
    cast(50.0 as DECIMAL(12,2))
 as "change_pct"
union all
select 
    
    cast('甲局' as character varying)
 as "department_name_normalised", 
    
    cast(2021 as INTEGER)
 as "base_year", 
    
    cast(2024 as INTEGER)
 as "compare_year", 
    
    cast('2080101' as character varying)
 as "subject_code", 
    
    cast('行政运行' as character varying)
 as "subject_name", 
    
    cast('项' as character varying)
 as "subject_level", 
    
    cast(40.0 as DECIMAL(38,6))
 as "base_total_10k_yuan", 
    
    cast(null as DECIMAL(38,6))
 as "compare_total_10k_yuan", 
    
    cast(-40.0 as DECIMAL(38,6))
 as "change_10k_yuan", 
    
    cast(-100.0 as DECIMAL(12,2))
 as "change_pct"
union all
select 
    
    cast('甲局' as character varying)
 as "department_name_normalised", 
    
    cast(2021 as INTEGER)
 as "base_year", 
    
    cast(2024 as INTEGER)
 as "compare_year", 
    
    cast('2080199' as character varying)
 as "subject_code", 
    
    cast('其他' as character varying)
 as "subject_name", 
    
    cast('项' as character varying)
 as "subject_level", 
    
    cast(null as DECIMAL(38,6))
 as "base_total_10k_yuan", 
    
    cast(10.0 as DECIMAL(38,6))
 as "compare_total_10k_yuan", 
    
    cast(10.0 as DECIMAL(38,6))
 as "change_10k_yuan", 
    
    cast(null as DECIMAL(12,2))
 as "change_pct"
  ) _dbt_internal_unit_test_expected
)
-- Union actual and expected results
select * from dbt_internal_unit_test_actual
union all
select * from dbt_internal_unit_test_expected