-- One row per printed row total checked against the columns it is made of, per table row
-- (and side of a two-sided table):
--   expenditure tables: 合计 = 基本支出 + 项目支出 (+ 事业单位经营支出, 上缴上级支出,
--     对附属单位补助支出 where printed), and 基本支出 = 人员经费 + 公用经费;
--   一般公共预算基本支出表: 合计 = 人员经费 + 公用经费;
--   收入总表: 合计 = Σ sources (each source column and each 上年结转 column, subtotal columns
--     excluded), and each 小计 column = Σ the source columns under it;
--   收支总表 / 财政拨款收支总表: 合计 = 当年预算 + 上年结转, and 合计 = 一般公共预算 +
--     政府性基金预算 + 国有资本经营预算 on the 支出 side;
--   决算 收入支出决算表 (政府性基金, 国有资本经营): 年初结转和结余 + 本年收入 = 本年支出 +
--     年末结转和结余.
-- Which column is which comes from the vocabulary column_measures (the line items' measure).
-- A row's budgeted and actual amounts (a 决算's 预算数 beside its 决算数) are two rows here:
-- an identity never mixes them.
{{ config(materialized='incremental') }}

with amounts as (

    select * from {{ changed_rows(ref('int_reconciliation__amounts')) }}

),

rows_measured as (

    select
        document_id,
        table_id,
        table_type,
        row_index,
        side,
        amount_kind,
        any_value(table_title) as table_title,
        any_value(page) as page,
        any_value(label_printed) as label_printed,
        count(*) filter (where measure = 'total') as total_count,
        any_value(amount_10k_yuan) filter (where measure = 'total') as total_amount,
        any_value(amount_10k_yuan) filter (where measure = 'basic') as basic_amount,
        count(*) filter (where measure = 'basic') as basic_count,
        sum(amount_10k_yuan) filter (where measure in ('basic_personnel', 'basic_public'))
            as basic_parts_amount,
        count(*) filter (where measure in ('basic_personnel', 'basic_public'))
            as basic_parts_count,
        sum(amount_10k_yuan) filter (where measure in (
            'basic', 'project', 'business_operating', 'remit_to_superior',
            'subsidy_to_subordinate', 'reserve', 'carry_forward'
        )) as expenditure_parts_amount,
        count(*) filter (where measure in (
            'basic', 'project', 'business_operating', 'remit_to_superior',
            'subsidy_to_subordinate', 'reserve', 'carry_forward'
        )) as expenditure_parts_count,
        sum(amount_10k_yuan) filter (where measure in ('personnel', 'public'))
            as personnel_public_amount,
        count(*) filter (where measure in ('personnel', 'public')) as personnel_public_count,
        sum(amount_10k_yuan) filter (where measure in ('current_year', 'carryover'))
            as current_carryover_amount,
        count(*) filter (where measure = 'current_year') as current_year_count,
        count(*) filter (where measure = 'carryover') as carryover_count,
        sum(amount_10k_yuan) filter (where measure in (
            'general_public_budget', 'government_fund', 'state_capital_operation'
        )) as fiscal_scopes_amount,
        count(*) filter (where measure in (
            'general_public_budget', 'government_fund', 'state_capital_operation'
        )) as fiscal_scopes_count,
        -- 收入总表 leaves: named source columns and 上年结转 columns; a 上年结转 subtotal
        -- counts only where the table has no per-source 上年结转 columns.
        sum(amount_10k_yuan) filter (where
            (measure = 'by_source' and column_fund_source_code is not null)
            or measure = 'carryover_by_source'
        ) as income_sources_amount,
        count(*) filter (where measure = 'by_source' and column_fund_source_code is not null)
            as income_sources_count,
        count(*) filter (where measure = 'carryover_by_source') as carryover_sources_count,
        sum(amount_10k_yuan) filter (where measure = 'carryover') as carryover_amount,
        -- 决算: the balances brought and carried forward and the year's income
        sum(amount_10k_yuan) filter (where measure in ('opening_balance', 'year_income'))
            - coalesce(sum(amount_10k_yuan) filter (where measure = 'closing_balance'), 0)
            as balance_flow_amount,
        count(*) filter (where measure = 'opening_balance') as opening_count,
        count(*) filter (where measure = 'year_income') as year_income_count,
        count(*) filter (where measure = 'closing_balance') as closing_count,
        -- the cells of each identity: what it confirms or contradicts
        any_value(cell_key) filter (where measure = 'total') as total_key,
        any_value(cell_key) filter (where measure = 'basic') as basic_key,
        list_sort(list(cell_key)
            filter (where measure in ('basic_personnel', 'basic_public'))) as basic_parts_keys,
        list_sort(list(cell_key) filter (where measure in (
            'basic', 'project', 'business_operating', 'remit_to_superior',
            'subsidy_to_subordinate', 'reserve', 'carry_forward'
        ))) as expenditure_parts_keys,
        list_sort(list(cell_key)
            filter (where measure in ('personnel', 'public'))) as personnel_public_keys,
        list_sort(list(cell_key) filter (where measure in ('current_year', 'carryover')))
            as current_carryover_keys,
        list_sort(list(cell_key) filter (where measure in (
            'general_public_budget', 'government_fund', 'state_capital_operation'
        ))) as fiscal_scopes_keys,
        list_sort(list(cell_key) filter (where
            (measure = 'by_source' and column_fund_source_code is not null)
            or measure = 'carryover_by_source'
        )) as income_sources_keys,
        list_sort(list(cell_key) filter (where measure = 'carryover')) as carryover_keys,
        list_sort(list(cell_key) filter (where measure in (
            'opening_balance', 'year_income', 'closing_balance'
        ))) as balance_flow_keys
    from amounts
    group by document_id, table_id, table_type, row_index, side, amount_kind

),

located as (

    select
        *,
        table_title || ' p.' || page || ' · ' || coalesce(label_printed, '') as row_location
    from rows_measured
    where total_count = 1

),

expenditure_total as (

    select
        document_id,
        'row_total_expenditure_types' as check_id,
        table_id,
        row_location || ' [合计 = 基本支出 + 项目支出 + …]' as location,
        page,
        expenditure_parts_amount as expected_10k_yuan,
        total_amount as printed_10k_yuan,
        expenditure_parts_keys || [total_key] as participant_keys
    from located
    where table_type in (
            'expenditure_summary', 'general_public_expenditure',
            'government_fund_expenditure', 'state_capital_expenditure',
            'fiscal_appropriation_expenditure'
        )
        and expenditure_parts_count > 0

),

basic_parts as (

    select
        document_id,
        'row_basic_personnel_public' as check_id,
        table_id,
        row_location || ' [基本支出 = 人员经费 + 公用经费]' as location,
        page,
        basic_parts_amount as expected_10k_yuan,
        basic_amount as printed_10k_yuan,
        basic_parts_keys || [basic_key] as participant_keys
    from located
    where basic_count = 1 and basic_parts_count = 2

),

basic_table_total as (

    select
        document_id,
        'row_basic_personnel_public' as check_id,
        table_id,
        row_location || ' [合计 = 人员经费 + 公用经费]' as location,
        page,
        personnel_public_amount as expected_10k_yuan,
        total_amount as printed_10k_yuan,
        personnel_public_keys || [total_key] as participant_keys
    from located
    where table_type = 'general_public_basic_expenditure'
        and personnel_public_count = 2

),

income_sources as (

    select
        document_id,
        'row_income_sources' as check_id,
        table_id,
        row_location || ' [合计 = Σ 收入来源]' as location,
        page,
        income_sources_amount
            + case when carryover_sources_count = 0 then coalesce(carryover_amount, 0) else 0 end
            as expected_10k_yuan,
        total_amount as printed_10k_yuan,
        income_sources_keys
            || case when carryover_sources_count = 0 then coalesce(carryover_keys, []) else [] end
            || [total_key] as participant_keys
    from located
    where table_type = 'income_summary'
        and income_sources_count > 0

),

summary_current_carryover as (

    select
        document_id,
        'row_current_year_carryover' as check_id,
        table_id,
        row_location || ' [合计 = 当年预算 + 上年结转]' as location,
        page,
        current_carryover_amount as expected_10k_yuan,
        total_amount as printed_10k_yuan,
        current_carryover_keys || [total_key] as participant_keys
    from located
    where table_type in ('income_expenditure_summary', 'fiscal_appropriation_summary')
        and current_year_count = 1
        and carryover_count = 1

),

summary_fiscal_scopes as (

    select
        document_id,
        'row_fiscal_scopes' as check_id,
        table_id,
        row_location || ' [合计 = 一般公共预算 + 政府性基金 + 国有资本经营]' as location,
        page,
        fiscal_scopes_amount as expected_10k_yuan,
        total_amount as printed_10k_yuan,
        fiscal_scopes_keys || [total_key] as participant_keys
    from located
    where table_type = 'fiscal_appropriation_summary'
        and fiscal_scopes_count > 0

),

-- 收入总表 小计 columns (当年预算/小计, 上年结转结余/小计) against the source columns under
-- the same header.
income_subtotal_columns as (

    select
        subtotal.document_id,
        'row_income_subtotal_column' as check_id,
        subtotal.table_id,
        subtotal.cell_location as location,
        subtotal.page,
        sum(part.amount_10k_yuan) as expected_10k_yuan,
        any_value(subtotal.amount_10k_yuan) as printed_10k_yuan,
        list_sort(list(part.cell_key)) || [any_value(subtotal.cell_key)] as participant_keys
    from amounts as subtotal
    inner join amounts as part
        on part.table_id = subtotal.table_id
        and part.row_index = subtotal.row_index
        and part.column_index <> subtotal.column_index
        and starts_with(part.column_path, subtotal.column_group || '/')
        and part.measure in ('by_source', 'carryover_by_source')
        and (part.column_fund_source_code is not null or part.measure = 'carryover_by_source')
    where subtotal.table_type = 'income_summary'
        and subtotal.measure in ('current_year', 'carryover')
        and subtotal.is_subtotal_column
    group by
        subtotal.document_id, subtotal.table_id, subtotal.row_index, subtotal.column_index,
        subtotal.cell_location, subtotal.page

),

-- 决算: what was spent = what was there at the start + the year's income − what is left
balance_flows as (

    select
        document_id,
        'row_balance_flows' as check_id,
        table_id,
        row_location || ' [本年支出 = 年初结转和结余 + 本年收入 − 年末结转和结余]' as location,
        page,
        balance_flow_amount as expected_10k_yuan,
        total_amount as printed_10k_yuan,
        balance_flow_keys || [total_key] as participant_keys
    from located
    where opening_count = 1 and year_income_count = 1 and closing_count = 1

),

final as (

    select * from expenditure_total
    union all
    select * from balance_flows
    union all
    select * from basic_parts
    union all
    select * from basic_table_total
    union all
    select * from income_sources
    union all
    select * from summary_current_carryover
    union all
    select * from summary_fiscal_scopes
    union all
    select * from income_subtotal_columns

)

select * from final
