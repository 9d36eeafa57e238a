-- “三公”经费 over time: one row per department (normalised name) × budget year × 三公 item,
-- with the budget-year and prior-year amounts the document prints (rpt_three_public), the
-- change the document itself implies (budget − prior), and the budget-year amount of the
-- department's previous document, which may be several years back. Where a document's printed
-- prior-year amount and the previous document's budget differ, the budget was revised or the
-- years are not consecutive: both are shown, neither is "fixed". Budgets only: a 决算's
-- 预算数 and 决算数 are in rpt_three_public_execution.
with three_public as (

    select * from {{ ref('rpt_three_public') }}

),

documents as (

    select * from {{ ref('dim_document') }}

),

departments as (

    select * from {{ ref('dim_department') }}

),

items as (

    -- an item may have several wordings: its name is the one of the most specific
    select key, arg_min(description, priority) as description
    from {{ ref('three_public_items') }}
    where kind = 'item'
    group by key

),

by_department as (

    select
        departments.department_name_normalised,
        documents.budget_year,
        three_public.document_id,
        three_public.item,
        three_public.budget_year_10k_yuan,
        three_public.prior_year_10k_yuan
    from three_public
    inner join documents on documents.document_id = three_public.document_id
    inner join departments on departments.department_key = documents.department_key
    where documents.budget_year is not null
        and documents.amount_kind = 'budgeted'

),

with_previous as (

    select
        *,
        last_value(budget_year) over previous_document as previous_budget_year,
        last_value(budget_year_10k_yuan) over previous_document as previous_budget_10k_yuan
    from by_department
    -- the latest earlier year, so two documents of the same department and year (a copy under
    -- another name, a revised edition) are never each other's "previous" document
    window previous_document as (
        partition by department_name_normalised, item
        order by budget_year
        range between unbounded preceding and 1 preceding
    )

),

final as (

    select
        with_previous.department_name_normalised,
        with_previous.budget_year,
        with_previous.document_id,
        with_previous.item,
        -- the seed describes each item as '<中文名> (<English>)'
        regexp_extract(items.description, '^(\S+)', 1) as item_name,
        with_previous.budget_year_10k_yuan,
        with_previous.prior_year_10k_yuan,
        with_previous.budget_year_10k_yuan - with_previous.prior_year_10k_yuan
            as change_from_prior_10k_yuan,
        case
            when with_previous.prior_year_10k_yuan <> 0
                then cast(
                    (with_previous.budget_year_10k_yuan - with_previous.prior_year_10k_yuan) * 100
                    / with_previous.prior_year_10k_yuan
                    as decimal(12, 2)
                )
        end as change_from_prior_pct,
        with_previous.previous_budget_year,
        with_previous.previous_budget_10k_yuan
    from with_previous
    left join items on items.key = with_previous.item
    order by
        with_previous.department_name_normalised,
        with_previous.item,
        with_previous.budget_year

)

select * from final
