-- The identities of the income side of a two-sided summary table (收支总表, 财政拨款收支总表):
--   summary_income_equals_expenditure: 收入总计 = 支出总计, per amount measure printed on both
--     sides (合计, 当年预算, 上年结转 …);
--   summary_income_sources: the year's income (本年收入合计 / 当年收入小计) = Σ its source rows
--     (a source printed with its parts — 财政拨款收入 over 一般公共预算 … — counts once, by its
--     parts), and the grand total (收入总计 / 收入合计) = that + the carried-over rows;
--   summary_fiscal_sources: 财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营 as rows;
-- and of its expenditure side:
--   summary_expenditure_totals: the grand total (支出总计) = the year's expenditure (本年支出
--     合计) + the rows printed after it (年末结转和结余, 结余分配, 结转下年);
--   summary_expenditure_classes: the year's expenditure = Σ its 类 rows (功能分类), where
--     every row above it is a 类.
-- Which rows are sources, parts and carry-overs is the vocabulary fund_sources (its groups).
{{ config(materialized='incremental') }}

with amounts as (

    select * from {{ changed_rows(ref('int_reconciliation__amounts')) }}

),

income_totals as (

    select *
    from amounts
    where side = 'income' and row_kind = 'grand_total'

),

expenditure_totals as (

    select *
    from amounts
    where side = 'expenditure' and row_kind = 'grand_total'

),

fund_sources as (

    select
        fund_source_code,
        fund_source_group,
        fund_source_code = fund_source_group as is_group_total
    from {{ ref('fund_sources') }}

),

-- a split table (当年预算 | 上年结转 columns) states this year's money in 当年预算
split_tables as (

    select table_id, bool_or(measure = 'current_year') as is_split
    from amounts
    where side = 'income'
        and table_type in ('income_expenditure_summary', 'fiscal_appropriation_summary')
    group by table_id

),

income_cells as (

    select amounts.*, fund_sources.fund_source_group, fund_sources.is_group_total
    from amounts
    inner join split_tables on split_tables.table_id = amounts.table_id
    left join fund_sources on fund_sources.fund_source_code = amounts.row_fund_source_code
    where amounts.side = 'income'
        and amounts.measure = case when split_tables.is_split then 'current_year' else 'total' end

),

-- A row printed under another (（一） under 一、, a 其中： row) is a part of its parent
-- (checked against it by nested_rows_total): only top-level rows add up to the totals.
top_rows as (

    select * from income_cells where parent_row_index is null and not is_total

),

groups_with_parts as (

    select distinct table_id, panel, fund_source_group
    from top_rows
    where fund_source_group is not null and not is_group_total and not is_blank

),

source_rows as (

    -- a group total (财政拨款收入) counts only where none of its parts is printed beside it
    select top_rows.*
    from top_rows
    left join groups_with_parts
        on groups_with_parts.table_id = top_rows.table_id
        and groups_with_parts.panel = top_rows.panel
        and groups_with_parts.fund_source_group = top_rows.fund_source_group
    where not coalesce(top_rows.is_group_total and groups_with_parts.table_id is not null, false)

),

year_totals as (

    select * from income_cells where row_kind = 'year_total'

),

grand_totals as (

    select * from income_cells where row_kind = 'grand_total'

),

year_checks as (

    -- 本年收入合计 = the top-level rows above it, the carried-over ones aside
    select
        total.document_id,
        'summary_income_sources' as check_id,
        total.table_id,
        any_value(total.cell_location) || ' = Σ 收入来源' as location,
        any_value(total.page) as page,
        sum(source.amount_10k_yuan) as expected_10k_yuan,
        any_value(total.amount_10k_yuan) as printed_10k_yuan,
        list_sort(list(source.cell_key)) || [any_value(total.cell_key)] as participant_keys
    from year_totals as total
    inner join source_rows as source
        on source.table_id = total.table_id
        and source.panel = total.panel
        and source.column_index = total.column_index
        and source.row_index < total.row_index
        and source.fund_source_group is distinct from 'prior_balances'
    group by total.document_id, total.table_id, total.row_index, total.column_index

),

grand_checks as (

    -- 收入总计 = 本年收入合计 + the rows printed after it (上年结转, 用事业基金弥补收支差额),
    -- or Σ every top-level row where no year total is printed
    select
        grand.document_id,
        'summary_income_sources' as check_id,
        grand.table_id,
        any_value(grand.cell_location) || ' = 本年收入 + 结转' as location,
        any_value(grand.page) as page,
        coalesce(any_value(year.amount_10k_yuan), 0) + coalesce(sum(source.amount_10k_yuan), 0)
            as expected_10k_yuan,
        any_value(grand.amount_10k_yuan) as printed_10k_yuan,
        list_sort(list(source.cell_key) filter (where source.cell_key is not null))
            || list_filter([any_value(year.cell_key)], lambda key: key is not null)
            || [any_value(grand.cell_key)] as participant_keys
    from grand_totals as grand
    left join year_totals as year
        on year.table_id = grand.table_id
        and year.panel = grand.panel
        and year.column_index = grand.column_index
        and year.row_index < grand.row_index
    left join source_rows as source
        on source.table_id = grand.table_id
        and source.panel = grand.panel
        and source.column_index = grand.column_index
        and source.row_index < grand.row_index
        and (
            year.table_id is null
            or source.row_index > year.row_index
            or source.fund_source_group = 'prior_balances'
        )
    group by grand.document_id, grand.table_id, grand.row_index, grand.column_index
    having count(source.cell_key) > 0 or any_value(year.cell_key) is not null

),

fiscal_checks as (

    -- the parts printed beside 财政拨款收入 or indented under it without numbers (numbered
    -- parts are nested_rows_total's)
    select
        total.document_id,
        'summary_fiscal_sources' as check_id,
        total.table_id,
        any_value(total.cell_location) || ' = Σ 财政拨款' as location,
        any_value(total.page) as page,
        sum(part.amount_10k_yuan) as expected_10k_yuan,
        any_value(total.amount_10k_yuan) as printed_10k_yuan,
        list_sort(list(part.cell_key)) || [any_value(total.cell_key)] as participant_keys
    from top_rows as total
    inner join income_cells as part
        on part.table_id = total.table_id
        and part.panel = total.panel
        and part.column_index = total.column_index
        and part.fund_source_group = total.fund_source_group
        and not part.is_group_total
        and not part.is_total
        and (
            part.parent_row_index is null
            or (part.parent_row_index = total.row_index and part.row_level is null)
        )
    where total.is_group_total
    group by total.document_id, total.table_id, total.row_index, total.column_index

),

equal_sides as (

    select
        income_totals.document_id,
        'summary_income_equals_expenditure' as check_id,
        income_totals.table_id,
        income_totals.table_title || ' p.' || expenditure_totals.page || ' · '
            || income_totals.label_printed || ' = ' || expenditure_totals.label_printed
            || ' [' || expenditure_totals.column_path || ']' as location,
        expenditure_totals.page,
        income_totals.amount_10k_yuan as expected_10k_yuan,
        expenditure_totals.amount_10k_yuan as printed_10k_yuan,
        [income_totals.cell_key, expenditure_totals.cell_key] as participant_keys
    from income_totals
    inner join expenditure_totals
        on expenditure_totals.table_id = income_totals.table_id
        and expenditure_totals.measure = income_totals.measure
    qualify row_number() over (
        partition by income_totals.table_id, expenditure_totals.column_index
        order by income_totals.row_index desc, expenditure_totals.row_index desc
    ) = 1

),

expenditure_cells as (

    select *
    from amounts
    where side = 'expenditure'
        and measure = 'total'
        and table_type in ('income_expenditure_summary', 'fiscal_appropriation_summary')

),

expenditure_year_totals as (

    select * from expenditure_cells where row_kind = 'year_total'

),

expenditure_grand_checks as (

    -- 支出总计 = the nearest 本年支出合计 above it + the rows between them
    select
        grand.document_id,
        'summary_expenditure_totals' as check_id,
        grand.table_id,
        any_value(grand.cell_location) || ' = 本年支出 + 结转' as location,
        any_value(grand.page) as page,
        any_value(year.amount_10k_yuan) + coalesce(sum(after.amount_10k_yuan), 0)
            as expected_10k_yuan,
        any_value(grand.amount_10k_yuan) as printed_10k_yuan,
        list_sort(list(after.cell_key) filter (where after.cell_key is not null))
            || [any_value(year.cell_key), any_value(grand.cell_key)] as participant_keys
    from expenditure_cells as grand
    inner join expenditure_year_totals as year
        on year.table_id = grand.table_id
        and year.panel = grand.panel
        and year.column_index = grand.column_index
        and year.row_index < grand.row_index
    left join expenditure_cells as after
        on after.table_id = grand.table_id
        and after.panel = grand.panel
        and after.column_index = grand.column_index
        and after.row_index > year.row_index
        and after.row_index < grand.row_index
        and not after.is_total
    where grand.row_kind = 'grand_total'
        and not exists (
            select 1
            from expenditure_year_totals as nearer
            where nearer.table_id = grand.table_id
                and nearer.panel = grand.panel
                and nearer.column_index = grand.column_index
                and nearer.row_index > year.row_index
                and nearer.row_index < grand.row_index
        )
    group by grand.document_id, grand.table_id, grand.row_index, grand.column_index

),

class_rows as (

    -- the rows above a year total on the expenditure side; a table whose side lists anything
    -- but 类 there (uses, uncoded rows) is not checked
    select
        year.table_id,
        year.row_index as year_row_index,
        year.column_index,
        cell.cell_key,
        cell.amount_10k_yuan,
        cell.subject_code is not null and length(cell.subject_code) = 3 as is_class
    from expenditure_year_totals as year
    inner join expenditure_cells as cell
        on cell.table_id = year.table_id
        and cell.panel = year.panel
        and cell.column_index = year.column_index
        and cell.row_index < year.row_index
        and not cell.is_total

),

expenditure_class_checks as (

    select
        year.document_id,
        'summary_expenditure_classes' as check_id,
        year.table_id,
        any_value(year.cell_location) || ' = Σ 类' as location,
        any_value(year.page) as page,
        sum(class_rows.amount_10k_yuan) as expected_10k_yuan,
        any_value(year.amount_10k_yuan) as printed_10k_yuan,
        list_sort(list(class_rows.cell_key)) || [any_value(year.cell_key)]
            as participant_keys
    from expenditure_year_totals as year
    inner join class_rows
        on class_rows.table_id = year.table_id
        and class_rows.year_row_index = year.row_index
        and class_rows.column_index = year.column_index
    where year.view is distinct from 'use'
    group by year.document_id, year.table_id, year.row_index, year.column_index
    having bool_and(class_rows.is_class)

),

final as (

    select * from equal_sides
    union all
    select * from expenditure_grand_checks
    union all
    select * from expenditure_class_checks
    union all
    select * from year_checks
    union all
    select * from grand_checks
    union all
    select * from fiscal_checks

)

select * from final
