-- One row per narrative (情况说明) statement checked against the tables or against itself. The
-- statements were read once, typed, by pipelines/clean/narrative (stg_budget__narrative_statements):
--   narrative_amount: a stated amount of a subject against the table figures that print that
--     subject (see table_figures: 收入总计 and 支出总计 against the 收支总表, 财政拨款收入 /
--     支出 against the 财政拨款收支总表, 一般公共预算支出 against the 一般公共预算支出表,
--     政府性基金 / 国有资本经营 支出 against their tables — an empty one is 0 —, 基本支出,
--     项目支出, 人员经费, 公用经费, 三公 and its items, 机关运行经费). The tables print some
--     subjects in more than one scope (all funds / 一般公共预算), so a statement passes when it
--     agrees with any of them and is otherwise compared with the closest. A statement is
--     compared with figures of its own amount_kind: the kind its words name (年初预算为 a
--     budget, 支出决算为 an actual — a 决算 states both), else its document's; a 决算's
--     年初预算 is compared with the 预算数 its tables print, or not at all where they print none. It agrees when equal,
--     or when it states two or more decimals of 万元 and is the table figure rounded to them (a
--     table in 元 prints more than the text can say; expected is then that rounded figure). An
--     amount stated with fewer decimals than that ("5.8万元" for 5.82) fails — the difference
--     is reported — as a minor finding when it is the table figure rounded half-up to the
--     stated decimals; otherwise the amount rule of fct_reconciliation grades it. Amounts of
--     no known subject, of a 功能分类 subject, and amounts listed as a breakdown after 主要包括
--     / 包含 (economic items, not the subject's total) are not compared;
--   narrative_change_direction: a stated change on last year (signed: 减少 is negative) of a
--     三公 item against the change the 三公 table prints or implies (budget year − 上年);
--   narrative_growth_rate: a stated rate (增幅 / 下降 Y%) against change ÷ (amount − change)
--     rounded half-up to the decimals printed; one unit of the last digit off is a minor
--     slip (truncation), more is major;
--   narrative_listed_parts: a total the narrative states with the complete list of its parts
--     ("固定资产原值 N 万元 … 固定资产包含：…") against the sum of the parts;
--   narrative_project_count: a stated number of published project performance targets
--     against the number of 项目支出绩效目标表 project blocks printed;
--   narrative_project_amount: a project amount stated in an enumerated list ("27、XXX
--     0.51万元") against the 项目支出表 row the project linker linked it to
--     (stg_budget__project_links, source_kind narrative): only linked statements are checked;
--     ambiguous or unlinked ones are not evaluated. Agreement and grading as for
--     narrative_amount.
-- Amount checks carry expected / printed amounts; rate and count checks carry is_consistent
-- and failure_severity, their figures are spelled out in the location.
{{ config(materialized='incremental') }}

with statements as (

    select * from {{ changed_rows(ref('stg_budget__narrative_statements')) }}

),

documents as (

    select document_id, amount_kind from {{ changed_rows(ref('stg_budget__documents')) }}

),

amounts as (

    select * from {{ changed_rows(ref('int_reconciliation__amounts')) }}

),

three_public as (

    select * from {{ changed_rows(ref('int_reconciliation__three_public_amounts')) }}

),

tables as (

    select * from {{ changed_rows(ref('stg_budget__tables')) }}

),

performance_projects as (

    select * from {{ changed_rows(ref('stg_budget__performance_projects')) }}

),

project_matches as (

    select * from {{ changed_rows(ref('stg_budget__project_links')) }}
    where source_kind = 'narrative' and is_linked

),

project_lines as (

    select * from {{ changed_rows(ref('stg_budget__project_lines')) }}

),

-- Table figures a statement's subject can be compared with.
summary_totals as (

    -- the grand and year totals of the 收支总表 and the 财政拨款收支总表, both sides
    select
        document_id,
        table_type,
        side,
        measure,
        amount_kind,
        amount_10k_yuan,
        cell_location
    from amounts
    where table_type in ('income_expenditure_summary', 'fiscal_appropriation_summary')
        and row_kind in ('grand_total', 'year_total')
        and side in ('income', 'expenditure')

),

empty_fund_tables as (

    -- a 政府性基金 / 国有资本经营 expenditure table printed without figures states 0
    select
        document_id,
        case table_type
            when 'government_fund_expenditure' then 'government_fund_expenditure'
            else 'state_capital_expenditure'
        end as subject,
        -- an empty table says nothing of either kind: it stands for both
        cast(null as varchar) as amount_kind,
        cast(0 as decimal(20, 6)) as amount_10k_yuan,
        title || ' p.' || page_first || ' (本表无数据)' as cell_location
    from tables
    where table_type in ('government_fund_expenditure', 'state_capital_expenditure')
        and is_empty

),

table_figures as (

    select
        document_id,
        case
            when table_type = 'income_expenditure_summary' and side = 'income'
                then 'total_income'
            when table_type = 'income_expenditure_summary' then 'total_expenditure'
            when side = 'income' then 'fiscal_appropriation_income'
            else 'fiscal_appropriation_expenditure'
        end as subject,
        amount_kind,
        amount_10k_yuan,
        cell_location
    from summary_totals
    where measure = 'total'

    union all

    -- one figure for both sides: 收支总预算 / 财政拨款收支总预算
    select
        document_id,
        case table_type
            when 'income_expenditure_summary' then 'total_income_and_expenditure'
            else 'fiscal_appropriation_income_and_expenditure'
        end as subject,
        amount_kind,
        amount_10k_yuan,
        cell_location
    from summary_totals
    where measure = 'total'

    union all

    -- the fund columns of the 财政拨款收支总表's expenditure total
    select
        document_id,
        case measure
            when 'general_public_budget' then 'general_public_expenditure'
            when 'government_fund' then 'government_fund_expenditure'
            else 'state_capital_expenditure'
        end as subject,
        amount_kind,
        amount_10k_yuan,
        cell_location
    from summary_totals
    where table_type = 'fiscal_appropriation_summary'
        and side = 'expenditure'
        and measure in ('general_public_budget', 'government_fund', 'state_capital_operation')

    union all

    select
        document_id,
        case measure
            when 'basic' then 'basic_expenditure'
            when 'project' then 'project_expenditure'
            when 'basic_personnel' then 'personnel'
            when 'basic_public' then 'public'
            when 'total' then 'total_expenditure'
        end as subject,
        amount_kind,
        amount_10k_yuan,
        cell_location
    from amounts
    where table_type = 'expenditure_summary'
        and is_total
        and side is null
        and measure in ('basic', 'project', 'basic_personnel', 'basic_public', 'total')

    union all

    select
        document_id,
        case measure
            when 'basic' then 'basic_expenditure'
            when 'project' then 'project_expenditure'
            when 'basic_personnel' then 'personnel'
            when 'basic_public' then 'public'
            when 'total' then 'general_public_expenditure'
        end as subject,
        amount_kind,
        amount_10k_yuan,
        cell_location
    from amounts
    where table_type = 'general_public_expenditure'
        and is_total
        and side is null
        and measure in ('basic', 'project', 'basic_personnel', 'basic_public', 'total')

    union all

    select
        document_id,
        case table_type
            when 'fiscal_appropriation_expenditure' then 'fiscal_appropriation_expenditure'
            when 'government_fund_expenditure' then 'government_fund_expenditure'
            else 'state_capital_expenditure'
        end as subject,
        amount_kind,
        amount_10k_yuan,
        cell_location
    from amounts
    where table_type in (
            'fiscal_appropriation_expenditure',
            'government_fund_expenditure',
            'state_capital_expenditure'
        )
        and is_total
        and measure = 'total'

    union all

    select * from empty_fund_tables

    union all

    select
        document_id,
        case measure
            when 'total' then 'basic_expenditure'
            when 'personnel' then 'personnel'
            when 'public' then 'public'
        end as subject,
        amount_kind,
        amount_10k_yuan,
        cell_location
    from amounts
    where table_type = 'general_public_basic_expenditure'
        and is_total
        and measure in ('total', 'personnel', 'public')

    union all

    select
        document_id,
        'agency_operating_costs' as subject,
        amount_kind,
        amount_10k_yuan,
        cell_location
    from amounts
    where table_type = 'agency_operating_costs'

    union all

    select
        document_id,
        case item when 'total' then 'three_public_total' else item end as subject,
        amount_kind,
        amount_10k_yuan,
        cell_location
    from three_public
    where slot_kind = 'budget_year'

),

stated_amounts as (

    select
        statements.*,
        coalesce(statements.amount_kind, documents.amount_kind) as stated_amount_kind
    from statements
    inner join documents on documents.document_id = statements.document_id
    where statements.kind = 'amount'
        and statements.amount_10k_yuan is not null
        and statements.subject not in ('other', 'function')
        and statements.part_kind is distinct from 'breakdown'

),

compared as (

    select
        stated.*,
        figure.amount_10k_yuan as figure_10k_yuan,
        figure.cell_location,
        {{ stated_amount_agrees('figure.amount_10k_yuan', 'stated.amount_10k_yuan',
                                'stated.amount_decimals') }} as agrees
    from stated_amounts as stated
    inner join table_figures as figure
        on figure.document_id = stated.document_id
        and figure.subject = stated.subject
        and coalesce(figure.amount_kind, stated.stated_amount_kind) = stated.stated_amount_kind
    qualify row_number() over (
        partition by stated.document_id, stated.statement_index
        order by
            agrees desc,
            abs(figure.amount_10k_yuan - stated.amount_10k_yuan),
            figure.cell_location
    ) = 1

),

amount_checks as (

    select
        document_id,
        'narrative_amount' as check_id,
        '情况说明 p.' || page || ' · ' || subject || ' 「…' || right(sentence, 60) || '」 vs '
            || cell_location
            || case
                when agrees and figure_10k_yuan <> amount_10k_yuan
                    then ' (' || cast(figure_10k_yuan as varchar) || ' rounded to '
                        || amount_decimals || ' decimals as stated)'
                else ''
            end as location,
        page,
        cast(
            case when agrees then amount_10k_yuan else figure_10k_yuan end as decimal(20, 6)
        ) as expected_10k_yuan,
        cast(amount_10k_yuan as decimal(20, 6)) as printed_10k_yuan,
        cast(null as boolean) as is_consistent,
        case
            when not agrees then
                {{ rounded_statement_severity('figure_10k_yuan', 'amount_10k_yuan',
                                              'amount_decimals') }}
        end as failure_severity
    from compared

),

-- The change each 三公 item shows in its table: a printed 增减 column, else budget year −
-- 上年预算数 (both printed in the same table).
three_public_changes as (

    select
        document_id,
        item,
        coalesce(
            any_value(amount_10k_yuan) filter (where slot_kind = 'change'),
            any_value(amount_10k_yuan) filter (where slot_kind = 'budget_year')
                - any_value(amount_10k_yuan) filter (where slot_kind = 'prior_year')
        ) as change_10k_yuan,
        any_value(table_title) || ' p.' || min(page) as table_location
    from three_public
    group by document_id, table_id, item
    having count(*) filter (where slot_kind = 'change') > 0
        or (count(*) filter (where slot_kind = 'budget_year') > 0
            and count(*) filter (where slot_kind = 'prior_year') > 0)

),

change_checks as (

    select
        stated.document_id,
        'narrative_change_direction' as check_id,
        '情况说明 p.' || stated.page || ' · ' || stated.subject || ' 比上年'
            || case stated.change_direction
                when 'decrease' then '减少' when 'increase' then '增加' else '持平' end
            || coalesce(stated.change_printed, '') || '万元 vs ' || changes.table_location
            as location,
        stated.page,
        cast(changes.change_10k_yuan as decimal(20, 6)) as expected_10k_yuan,
        cast(stated.change_10k_yuan as decimal(20, 6)) as printed_10k_yuan,
        cast(null as boolean) as is_consistent,
        cast(null as varchar) as failure_severity
    from statements as stated
    inner join three_public_changes as changes
        on changes.document_id = stated.document_id
        and changes.item = stated.three_public_item
    where stated.kind in ('amount', 'change')
        and stated.change_10k_yuan is not null
        and stated.part_kind is distinct from 'breakdown'
    qualify row_number() over (
        partition by stated.document_id, stated.statement_index
        order by abs(changes.change_10k_yuan - stated.change_10k_yuan)
    ) = 1

),

-- Rates are judged exactly, in decimals: the printed rate r (d decimals) is right when
-- (r − ½·10^-d) · base ≤ |change| · 100 < (r + ½·10^-d) · base, base = last year's amount.
rates as (

    select
        *,
        amount_10k_yuan - change_10k_yuan as base_10k_yuan,
        abs(change_10k_yuan) * 100 as change_times_100,
        cast(case coalesce(length(regexp_extract(rate_printed, '\.(\d+)$', 1)), 0)
            when 0 then 1 when 1 then 0.1 when 2 then 0.01 when 3 then 0.001 else 0.0001
        end as decimal(12, 6)) as rate_unit
    from statements
    where kind = 'amount'
        and rate_printed is not null
        and change_10k_yuan is not null
        and change_10k_yuan <> 0
        and amount_10k_yuan is not null
        -- the base (last year's amount) must be positive for a rate to mean anything
        and amount_10k_yuan - change_10k_yuan > 0

),

rate_checks as (

    select
        document_id,
        'narrative_growth_rate' as check_id,
        '情况说明 p.' || page || ' · '
            || case when subject in ('other', 'function') then subject_text else subject end
            || ' ' || value_printed || unit || ', 变化 ' || change_printed || '万元: stated '
            || rate_printed || '%, computed '
            || cast(round(cast(change_times_100 as double) / cast(base_10k_yuan as double), 4)
                as varchar) || '%' as location,
        page,
        cast(null as decimal(20, 6)) as expected_10k_yuan,
        cast(null as decimal(20, 6)) as printed_10k_yuan,
        (rate_percent - rate_unit / 2) * base_10k_yuan <= change_times_100
            and change_times_100 < (rate_percent + rate_unit / 2) * base_10k_yuan
            as is_consistent,
        case
            when (rate_percent - rate_unit) * base_10k_yuan < change_times_100
                and change_times_100 < (rate_percent + rate_unit) * base_10k_yuan
                then 'minor'
            else 'major'
        end as failure_severity
    from rates

),

printed_projects as (

    select document_id, count(*) as project_count
    from performance_projects
    group by document_id

),

count_checks as (

    select
        statements.document_id,
        'narrative_project_count' as check_id,
        '情况说明 p.' || statements.page || ' · 「' || statements.subject_text || '」: stated '
            || statements.value_printed || ', 项目支出绩效目标表 printed '
            || coalesce(printed_projects.project_count, 0) as location,
        statements.page,
        cast(null as decimal(20, 6)) as expected_10k_yuan,
        cast(null as decimal(20, 6)) as printed_10k_yuan,
        statements.value = coalesce(printed_projects.project_count, 0) as is_consistent,
        'major' as failure_severity
    from statements
    left join printed_projects on printed_projects.document_id = statements.document_id
    where statements.kind = 'count'
        and statements.subject = 'published_target_count'

),

listed_parts_checks as (

    select
        document_id,
        'narrative_listed_parts' as check_id,
        '情况说明 p.' || page || ' · ' || subject_text || ' ' || value_printed || '万元 = Σ '
            || parts_count || ' 项 「' || left(sentence, 60) || '…」' as location,
        page,
        cast(parts_sum_10k_yuan as decimal(20, 6)) as expected_10k_yuan,
        cast(amount_10k_yuan as decimal(20, 6)) as printed_10k_yuan,
        cast(null as boolean) as is_consistent,
        cast(null as varchar) as failure_severity
    from statements
    where kind = 'listed_parts'

),

project_compared as (

    select
        stated.document_id,
        stated.page,
        stated.item_number,
        stated.subject_text,
        stated.value_printed,
        stated.amount_10k_yuan,
        stated.amount_decimals,
        matches.match_method,
        matches.similarity,
        lines.table_title,
        lines.page as line_page,
        lines.project_name,
        cast(lines.amount_yuan * 0.0001 as decimal(20, 6)) as figure_10k_yuan
    from project_matches as matches
    inner join statements as stated
        on stated.document_id = matches.document_id
        and stated.statement_index = matches.source_seq
    inner join project_lines as lines
        on lines.table_id = matches.line_table_id
        and lines.line_seq = matches.line_seq
    where lines.amount_yuan is not null

),

project_amount_checks as (

    select
        document_id,
        'narrative_project_amount' as check_id,
        '情况说明 p.' || page || ' · 列表第' || item_number || '项 「'
            || subject_text || ' ' || value_printed || '万元」 vs '
            || table_title || ' p.' || line_page || ' · ' || project_name
            || ' [' || match_method || ', 相似度 ' || round(similarity, 2) || ']'
            as location,
        page,
        cast(
            case
                when {{ stated_amount_agrees('figure_10k_yuan', 'amount_10k_yuan',
                                             'amount_decimals') }}
                    then amount_10k_yuan
                else figure_10k_yuan
            end as decimal(20, 6)
        ) as expected_10k_yuan,
        cast(amount_10k_yuan as decimal(20, 6)) as printed_10k_yuan,
        cast(null as boolean) as is_consistent,
        {{ rounded_statement_severity('figure_10k_yuan', 'amount_10k_yuan',
                                      'amount_decimals') }} as failure_severity
    from project_compared

),

final as (

    select * from amount_checks
    union all
    select * from project_amount_checks
    union all
    select * from listed_parts_checks
    union all
    select * from change_checks
    union all
    select * from rate_checks
    union all
    select * from count_checks

)

select * from final
