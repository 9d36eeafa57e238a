-- One row per narrative (情况说明) statement checked against the tables or against itself:
--   narrative_amount: a stated amount (总收入, 总支出, 基本支出, 项目支出, 人员经费, 公用经费,
--     三公 and its items, 机关运行经费) against the table figures that print it; the tables
--     print some subjects in more than one scope (all funds / 一般公共预算), so a statement
--     passes when it equals any of them and is otherwise compared with the closest;
--   narrative_change_direction: a stated change on last year (signed: 减少 is negative) of a
--     三公 item against the change the 三公 table prints or implies (budget year − 上年);
--   narrative_growth_rate: a stated rate (增幅 / 下降 Y%) against change ÷ (amount − change)
--     rounded half-up to the decimals printed; one unit of the last digit off is a minor
--     slip (truncation), more is major;
--   narrative_listed_parts: a total the narrative states with the complete list of its
--     parts ("固定资产原值 N 万元 … 固定资产包含：…") against the sum of the parts;
--   narrative_project_count: a stated number of published project performance targets
--     against the number of 项目支出绩效目标表 project blocks printed;
--   narrative_project_amount: a project amount stated in an enumerated list ("27、XXX
--     0.51万元") against the 项目支出表 row its name was matched to
--     (stg_budget__narrative_projects): only matched statements are checked; ambiguous or
--     unmatched ones are not evaluated.
-- Amount checks carry expected / printed amounts; rate and count checks carry is_consistent
-- and failure_severity, their figures are spelled out in the location. An amount the text
-- states with fewer decimals than the table ("5.8万元" for 5.82) fails — the difference is
-- reported — but when it is the table figure rounded half-up to the stated decimals it is a
-- minor finding (failure_severity 'minor'), like a last-digit rounding slip; otherwise the
-- amount rule of fct_reconciliation grades it (failure_severity null).
{{ config(materialized='incremental') }}

with facts as (

    select * from {{ changed_rows(ref('stg_budget__narrative_facts')) }}

),

amounts as (

    select * from {{ changed_rows(ref('int_reconciliation__amounts')) }}

),

three_public as (

    select * from {{ changed_rows(ref('int_reconciliation__three_public_amounts')) }}

),

performance_projects as (

    select * from {{ changed_rows(ref('stg_budget__performance_projects')) }}

),

narrative_projects as (

    select * from {{ changed_rows(ref('stg_budget__narrative_projects')) }}
    where is_matched

),

project_lines as (

    select * from {{ changed_rows(ref('stg_budget__project_lines')) }}

),

-- Table figures a narrative subject can be compared with.
table_figures as (

    select
        document_id,
        case side
            when 'income' then 'total_income'
            else 'total_expenditure'
        end as fact,
        amount_10k_yuan,
        cell_location
    from amounts
    where table_type = 'income_expenditure_summary'
        and row_kind in ('grand_total', 'year_total')
        and measure = 'total'

    union all

    select
        document_id,
        case measure
            when 'basic' then 'basic_expenditure'
            when 'project' then 'project_expenditure'
            when 'basic_personnel' then 'personnel'
            when 'basic_public' then 'public'
            when 'total' then 'total_expenditure'
        end as fact,
        amount_10k_yuan,
        cell_location
    from amounts
    where table_type in ('expenditure_summary', 'general_public_expenditure')
        and is_total
        and side is null
        and measure in ('basic', 'project', 'basic_personnel', 'basic_public', 'total')

    union all

    select
        document_id,
        case measure
            when 'total' then 'basic_expenditure'
            when 'personnel' then 'personnel'
            when 'public' then 'public'
        end as fact,
        amount_10k_yuan,
        cell_location
    from amounts
    where table_type = 'general_public_basic_expenditure'
        and is_total
        and measure in ('total', 'personnel', 'public')

    union all

    select
        document_id,
        'agency_operating_costs' as fact,
        amount_10k_yuan,
        cell_location
    from amounts
    where table_type = 'agency_operating_costs'

    union all

    select
        document_id,
        case item when 'total' then 'three_public_total' else item end as fact,
        amount_10k_yuan,
        cell_location
    from three_public
    where slot_kind = 'budget_year'

),

stated_amounts as (

    select * from facts
    where amount_10k_yuan is not null and fact not in ('other', 'listed_parts')

),

amount_checks as (

    select
        stated.document_id,
        'narrative_amount' as check_id,
        '情况说明 p.' || stated.page || ' · ' || stated.fact || ' 「…'
            || right(stated.sentence, 60) || '」 vs ' || figure.cell_location as location,
        stated.page,
        figure.amount_10k_yuan as expected_10k_yuan,
        stated.amount_10k_yuan as printed_10k_yuan,
        cast(null as boolean) as is_consistent,
        {{ rounded_statement_severity('figure.amount_10k_yuan', 'stated.amount_10k_yuan',
                                      'stated.amount_printed') }} as failure_severity
    from stated_amounts as stated
    inner join table_figures as figure
        on figure.document_id = stated.document_id
        and figure.fact = stated.fact
    qualify row_number() over (
        partition by stated.document_id, stated.fact_index
        order by abs(figure.amount_10k_yuan - stated.amount_10k_yuan), figure.cell_location
    ) = 1

),

-- The change each 三公 item shows in its table: a printed 增减 column, else budget year −
-- 上年预算数 (both printed in the same table).
three_public_changes as (

    select
        document_id,
        case item when 'total' then 'three_public_total' else item end as fact,
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
        '情况说明 p.' || stated.page || ' · ' || stated.fact || ' 比上年'
            || case stated.change_direction
                when 'decrease' then '减少' when 'increase' then '增加' else '持平' end
            || coalesce(stated.change_printed, '') || '万元 vs ' || changes.table_location
            as location,
        stated.page,
        changes.change_10k_yuan as expected_10k_yuan,
        stated.change_10k_yuan as printed_10k_yuan,
        cast(null as boolean) as is_consistent,
        cast(null as varchar) as failure_severity
    from facts as stated
    inner join three_public_changes as changes
        on changes.document_id = stated.document_id
        and changes.fact = stated.fact
    where stated.change_10k_yuan is not null
    qualify row_number() over (
        partition by stated.document_id, stated.fact_index
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
    from facts
    where rate_printed is not null
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
        '情况说明 p.' || page || ' · ' || case fact when 'other' then subject_text else fact end
            || ' ' || amount_printed || '万元, 变化 ' || change_printed || '万元: stated '
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
        facts.document_id,
        'narrative_project_count' as check_id,
        '情况说明 p.' || facts.page || ' · 「' || facts.subject_text || '」: stated '
            || facts.count_value || ', 项目支出绩效目标表 printed '
            || coalesce(printed_projects.project_count, 0) as location,
        facts.page,
        cast(null as decimal(20, 6)) as expected_10k_yuan,
        cast(null as decimal(20, 6)) as printed_10k_yuan,
        facts.count_value = coalesce(printed_projects.project_count, 0) as is_consistent,
        'major' as failure_severity
    from facts
    left join printed_projects on printed_projects.document_id = facts.document_id
    where facts.fact = 'published_target_count'

),

listed_parts_checks as (

    select
        document_id,
        'narrative_listed_parts' as check_id,
        '情况说明 p.' || page || ' · ' || subject_text || ' ' || amount_printed || '万元 = Σ '
            || parts_count || ' 项 「' || left(sentence, 60) || '…」' as location,
        page,
        parts_sum_10k_yuan as expected_10k_yuan,
        amount_10k_yuan as printed_10k_yuan,
        cast(null as boolean) as is_consistent,
        cast(null as varchar) as failure_severity
    from facts
    where fact = 'listed_parts'

),

project_amount_checks as (

    select
        stated.document_id,
        'narrative_project_amount' as check_id,
        '情况说明 p.' || stated.page || ' · 列表第' || stated.item_number || '项 「'
            || stated.stated_name || ' ' || stated.amount_printed || '万元」 vs '
            || lines.table_title || ' p.' || lines.page || ' · ' || lines.project_name
            || ' [' || stated.match_method || ', 相似度 ' || round(stated.similarity, 2) || ']'
            as location,
        stated.page,
        cast(lines.amount_yuan * 0.0001 as decimal(20, 6)) as expected_10k_yuan,
        stated.amount_10k_yuan as printed_10k_yuan,
        cast(null as boolean) as is_consistent,
        {{ rounded_statement_severity('cast(lines.amount_yuan * 0.0001 as decimal(20, 6))',
                                      'stated.amount_10k_yuan', 'stated.amount_printed') }}
            as failure_severity
    from narrative_projects as stated
    inner join project_lines as lines
        on lines.table_id = stated.table_id
        and lines.line_seq = stated.line_seq
    where lines.amount_yuan is not null

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
