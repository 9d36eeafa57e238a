-- 基本支出 by 经济分类 类 (301 工资福利支出, 302 商品和服务支出, 303 对个人和家庭的补助 …) per
-- document, from the fact table: only 类 rows (3-digit codes), so 款 rows are not counted twice.
with basic as (

    select * from {{ ref('fct_basic_expenditure') }}

),

subjects as (

    select * from {{ ref('dim_subject') }}

),

documents as (

    select * from {{ ref('dim_document') }}

),

final as (

    select
        documents.department_name,
        documents.budget_year,
        subjects.subject_code,
        subjects.subject_name,
        sum(basic.amount_10k_yuan) filter (where basic.expenditure_type = 'total')
            as total_10k_yuan,
        sum(basic.amount_10k_yuan) filter (where basic.expenditure_type = 'personnel')
            as personnel_10k_yuan,
        sum(basic.amount_10k_yuan) filter (where basic.expenditure_type = 'public')
            as public_10k_yuan
    from basic
    inner join subjects on subjects.subject_key = basic.subject_key
    inner join documents on documents.document_id = basic.document_id
    where subjects.subject_level = '类'
    group by all

)

select * from final
order by department_name, budget_year, subject_code
