-- One row per amount that two tables of the same document must both print, checked against
-- the reference table's figure (expected = reference, printed = the other table):
--   subject_across_tables: a 支出功能分类 subject's amount in every table that prints it,
--     within one fund scope — all funds (支出总表 合计, 收入总表 合计, 收支总表 支出) against
--     支出总表; 一般公共预算 (一般公共预算支出表 合计, 财政拨款收支总表 一般公共预算) against
--     一般公共预算支出表;
--   basic_total_across_tables: 一般公共预算基本支出表 合计 (合计 / 人员经费 / 公用经费) against
--     the 基本支出 of 一般公共预算支出表 and of 支出总表;
--   summary_totals_across_tables: 财政拨款收支总表 totals and 上年结转 against 收支总表 and
--     收入总表, where the department has no income beyond fiscal appropriations.
-- Budgeted amounts are compared with budgeted ones and actual with actual (amount_kind). A
-- 决算's income by subject (收入决算表: the year's income) is not its expenditure by subject
-- (what was spent, from the year's income and the balances brought forward), so only a
-- budget's 收入总表 stands for the subjects' money; and a 决算's 年初结转和结余 counts
-- balances of money other than appropriations, so only the year's income is compared with
-- its 财政拨款收入支出决算总表.
{{ config(materialized='incremental') }}

with amounts as (

    select * from {{ changed_rows(ref('int_reconciliation__amounts')) }}

),

subject_amounts as (

    select
        *,
        case
            when table_type = 'expenditure_summary' and measure = 'total' then 'all_funds'
            when table_type = 'income_summary' and measure = 'total'
                and amount_kind = 'budgeted' then 'all_funds'
            when table_type = 'income_expenditure_summary' and side = 'expenditure'
                and measure = 'total' then 'all_funds'
            when table_type = 'general_public_expenditure' and measure = 'total'
                then 'general_public_budget'
            when table_type = 'fiscal_appropriation_summary' and side = 'expenditure'
                and measure = 'general_public_budget' then 'general_public_budget'
        end as fund_scope,
        case
            when table_type in ('expenditure_summary', 'general_public_expenditure') then 1
            else 2
        end as reference_rank
    from amounts
    where subject_system = 'function'
        and subject_code is not null
        and not is_total

),

subject_references as (

    select *
    from subject_amounts
    where fund_scope is not null
    qualify row_number() over (
        partition by document_id, fund_scope, amount_kind, subject_code
        order by reference_rank, table_id, row_index
    ) = 1

),

subject_checks as (

    select
        other.document_id,
        'subject_across_tables' as check_id,
        other.table_id,
        other.cell_location || ' vs ' || reference.table_title || ' p.' || reference.page
            as location,
        other.page,
        reference.amount_10k_yuan as expected_10k_yuan,
        other.amount_10k_yuan as printed_10k_yuan,
        [reference.cell_key, other.cell_key] as participant_keys
    from subject_amounts as other
    inner join subject_references as reference
        on reference.document_id = other.document_id
        and reference.fund_scope = other.fund_scope
        and reference.amount_kind = other.amount_kind
        and reference.subject_code = other.subject_code
        and reference.table_id <> other.table_id

),

-- 基本支出 totals: the 合计 row of the expenditure tables and of the basic-expenditure table.
basic_from_expenditure as (

    select
        *,
        case measure
            when 'basic' then 'total'
            when 'basic_personnel' then 'personnel'
            when 'basic_public' then 'public'
        end as basic_measure
    from amounts
    where table_type in ('general_public_expenditure', 'expenditure_summary')
        and is_total
        and side is null
        and measure in ('basic', 'basic_personnel', 'basic_public')

),

basic_totals_printed as (

    select *
    from amounts
    where table_type = 'general_public_basic_expenditure'
        and is_total
        and measure in ('total', 'personnel', 'public')

),

-- A 决算's 基本支出决算表 prints 人员经费合计 and 公用经费合计 but no overall 合计: their sum
-- is its total.
basic_from_basic_table as (

    select
        document_id, table_id, page, measure, amount_kind, amount_10k_yuan, cell_location,
        [cell_key] as cell_keys
    from basic_totals_printed

    union all

    select
        document_id,
        table_id,
        min(page) as page,
        'total' as measure,
        amount_kind,
        sum(amount_10k_yuan) as amount_10k_yuan,
        string_agg(cell_location, ' + ' order by column_index) as cell_location,
        list(cell_key order by column_index) as cell_keys
    from basic_totals_printed
    group by document_id, table_id, amount_kind
    having count(*) filter (where measure = 'total') = 0
        and count(*) filter (where measure = 'personnel') = 1
        and count(*) filter (where measure = 'public') = 1

),

-- Income beyond fiscal appropriations (事业收入, 单位资金 …) printed non-zero in the 收支总表.
non_appropriation_documents as (

    select distinct document_id
    from amounts
    where table_type = 'income_expenditure_summary'
        and side = 'income'
        and row_fund_source_code is not null
        and row_fund_source_code not in (
            'fiscal_appropriation', 'general_public_budget', 'government_fund',
            'state_capital_operation', 'prior_year_carryover'
        )
        and amount_10k_yuan <> 0

),

basic_checks as (

    select
        basic_table.document_id,
        'basic_total_across_tables' as check_id,
        basic_table.table_id,
        basic_table.cell_location || ' vs ' || expenditure.cell_location as location,
        basic_table.page,
        expenditure.amount_10k_yuan as expected_10k_yuan,
        basic_table.amount_10k_yuan as printed_10k_yuan,
        [expenditure.cell_key] || basic_table.cell_keys as participant_keys
    from basic_from_basic_table as basic_table
    inner join basic_from_expenditure as expenditure
        on expenditure.document_id = basic_table.document_id
        and expenditure.basic_measure = basic_table.measure
        and expenditure.amount_kind = basic_table.amount_kind
    -- 支出总表 covers every fund: its 基本支出 equals the 一般公共预算 one only when the
    -- department has no other money for basic expenditure, so it is compared only where no
    -- 一般公共预算支出表 prints a 基本支出.
    where expenditure.table_type = 'general_public_expenditure'
        or (
            not exists (
                select 1
                from basic_from_expenditure as gpb
                where gpb.document_id = basic_table.document_id
                    and gpb.amount_kind = basic_table.amount_kind
                    and gpb.table_type = 'general_public_expenditure'
            )
            and basic_table.document_id not in (
                select document_id from non_appropriation_documents
            )
        )

),


-- Per summary table: its 收入总计, 本年收入合计 and 上年结转 as printed. 上年结转 is a row in
-- most templates and a column of the total row in others.
summary_figures as (

    select
        document_id,
        table_id,
        table_type,
        table_title,
        page,
        label_printed,
        column_path,
        case
            when row_kind = 'grand_total' and measure = 'total'
                then 'grand_total'
            when row_kind = 'year_total' and measure = 'total'
                then 'current_year_total'
            when row_fund_source_code = 'prior_year_carryover' and measure = 'total'
                then 'carryover'
        end as figure,
        amount_kind,
        amount_10k_yuan,
        cell_key,
        row_index,
        1 as figure_rank
    from amounts
    where table_type in ('income_expenditure_summary', 'fiscal_appropriation_summary')
        and side = 'income'

    union all

    select
        document_id,
        table_id,
        table_type,
        table_title,
        page,
        label_printed,
        column_path,
        'carryover' as figure,
        amount_kind,
        amount_10k_yuan,
        cell_key,
        row_index,
        2 as figure_rank
    from amounts
    where (
            table_type in ('income_expenditure_summary', 'fiscal_appropriation_summary')
            and side = 'income'
            and row_kind = 'grand_total'
            and measure = 'carryover'
        )
        or (
            table_type = 'income_summary'
            and is_total
            and measure = 'carryover'
        )

),

summary_chosen as (

    select *
    from summary_figures
    where figure is not null
    qualify row_number() over (
        partition by table_id, figure, amount_kind order by figure_rank, row_index, column_path
    ) = 1

),

summary_checks as (

    select
        fiscal.document_id,
        'summary_totals_across_tables' as check_id,
        fiscal.table_id,
        fiscal.table_title || ' p.' || fiscal.page || ' · ' || fiscal.label_printed
            || ' [' || fiscal.column_path || '] vs ' || whole.table_title || ' p.' || whole.page
            || ' · ' || whole.label_printed || ' [' || whole.column_path || ']' as location,
        fiscal.page,
        whole.amount_10k_yuan as expected_10k_yuan,
        fiscal.amount_10k_yuan as printed_10k_yuan,
        [whole.cell_key, fiscal.cell_key] as participant_keys
    from summary_chosen as fiscal
    inner join summary_chosen as whole
        on whole.document_id = fiscal.document_id
        and whole.figure = fiscal.figure
        and whole.amount_kind = fiscal.amount_kind
        and whole.table_type in ('income_expenditure_summary', 'income_summary')
    where fiscal.table_type = 'fiscal_appropriation_summary'
        and (fiscal.amount_kind = 'budgeted' or fiscal.figure = 'current_year_total')
        and fiscal.document_id not in (select document_id from non_appropriation_documents)

),

final as (

    select * from subject_checks
    union all
    select * from basic_checks
    union all
    select * from summary_checks

)

select * from final
