-- Grain: one row per reconciliation check evaluated on a document — passing or failing, with
-- the cells it reads (participant_keys: the keys of the fact rows it confirms or
-- contradicts). fct_reconciliation publishes it without the keys; the verification of every
-- amount (int_reconciliation__verification) is read from them. Amount checks compare an expected figure (the sum of the parts, the
-- reference table, the figure the tables imply) with the printed one, in 万元, exactly:
-- any difference fails; |difference| ≤ 0.01 万元 is a minor (rounding) failure, larger ones
-- are major, except that an amount the 情况说明 states with fewer decimals than the table
-- and which is the table figure rounded to those decimals is minor (the narrative model
-- says so in failure_severity). Checks without an amount (a year, a count, a direction of
-- change) fail as major.
-- Passing rows carry severity null.
{#- Amount checks graded by the size of the difference alone; the narrative model, which
    grades some of its own failures, is added below. #}
{{ config(materialized='incremental') }}

{%- set amount_models = [
    'int_reconciliation__subject_hierarchy',
    'int_reconciliation__row_composition',
    'int_reconciliation__summary_totals',
    'int_reconciliation__nested_rows',
    'int_reconciliation__across_tables',
    'int_reconciliation__three_public',
    'int_reconciliation__projects',
] %}
with amount_checks as (

    {% for model in amount_models %}
    select
        document_id, check_id, location, page, expected_10k_yuan, printed_10k_yuan,
        cast(null as varchar) as failure_severity, participant_keys
    from {{ changed_rows(ref(model)) }}
    union all
    {% endfor %}
    select
        document_id, check_id, location, page, expected_10k_yuan, printed_10k_yuan,
        failure_severity, cast([] as varchar[]) as participant_keys
    from {{ changed_rows(ref('int_reconciliation__narrative')) }}
    where expected_10k_yuan is not null

),

other_checks as (

    select
        document_id,
        check_id,
        location,
        page,
        budget_year = year_printed as is_consistent,
        'major' as failure_severity,
        cast([] as varchar[]) as participant_keys
    from {{ changed_rows(ref('int_reconciliation__header_years')) }}
    union all
    select
        document_id, check_id, location, page, is_consistent, 'major' as failure_severity,
        cast([] as varchar[]) as participant_keys
    from {{ changed_rows(ref('int_reconciliation__printing')) }}
    union all
    select
        document_id, check_id, location, page, is_consistent, failure_severity,
        cast([] as varchar[]) as participant_keys
    from {{ changed_rows(ref('int_reconciliation__narrative')) }}
    where expected_10k_yuan is null

),

checks as (

    select * from {{ ref('reconciliation_checks') }}

),

amounts_judged as (

    select
        document_id,
        check_id,
        location,
        page,
        cast(expected_10k_yuan as decimal(20, 6)) as expected_10k_yuan,
        cast(printed_10k_yuan as decimal(20, 6)) as printed_10k_yuan,
        cast(printed_10k_yuan - expected_10k_yuan as decimal(20, 6)) as difference_10k_yuan,
        failure_severity,
        participant_keys
    from amount_checks

),

unioned as (

    select
        document_id,
        check_id,
        location,
        page,
        expected_10k_yuan,
        printed_10k_yuan,
        difference_10k_yuan,
        case
            when difference_10k_yuan = 0 then null
            when failure_severity is not null then failure_severity
            when abs(difference_10k_yuan) <= 0.01 then 'minor'
            else 'major'
        end as severity,
        case when difference_10k_yuan = 0 then 'pass' else 'fail' end as status,
        participant_keys
    from amounts_judged

    union all

    select
        document_id,
        check_id,
        location,
        page,
        null as expected_10k_yuan,
        null as printed_10k_yuan,
        null as difference_10k_yuan,
        case when is_consistent then null else failure_severity end as severity,
        case when is_consistent then 'pass' else 'fail' end as status,
        participant_keys
    from other_checks

),

final as (

    select
        unioned.document_id,
        unioned.check_id,
        checks.check_name,
        unioned.location,
        unioned.expected_10k_yuan,
        unioned.printed_10k_yuan,
        unioned.difference_10k_yuan,
        unioned.severity,
        unioned.status,
        list_filter(unioned.participant_keys, lambda key: key is not null) as participant_keys
    from unioned
    left join checks on checks.check_id = unioned.check_id

)

select * from final
