-- Grain: one row per reconciliation check evaluated on a document — passing or failing, so
-- coverage is visible. Contract: fct_reconciliation(document_id, check_id, check_name,
-- location, expected_10k_yuan, printed_10k_yuan, difference_10k_yuan, severity, status);
-- the checks and how they are graded are in int_reconciliation__checks. The correction
-- candidates of amounts read by OCR (int_reconciliation__ocr_candidates) are findings too,
-- graded by the same amount rule.
{{ config(materialized='incremental') }}

with checks as (

    select * from {{ changed_rows(ref('int_reconciliation__checks')) }}

),

candidates as (

    select * from {{ changed_rows(ref('int_reconciliation__ocr_candidates')) }}

),

catalogue as (

    select * from {{ ref('reconciliation_checks') }}

),

final as (

    select
        document_id,
        check_id,
        check_name,
        location,
        expected_10k_yuan,
        printed_10k_yuan,
        difference_10k_yuan,
        severity,
        status
    from checks

    union all

    select
        candidates.document_id,
        candidates.check_id,
        catalogue.check_name,
        candidates.location,
        candidates.expected_10k_yuan,
        candidates.printed_10k_yuan,
        cast(candidates.printed_10k_yuan - candidates.expected_10k_yuan as decimal(20, 6))
            as difference_10k_yuan,
        case
            when abs(candidates.printed_10k_yuan - candidates.expected_10k_yuan) <= 0.01
                then 'minor'
            else 'major'
        end as severity,
        'fail' as status
    from candidates
    left join catalogue on catalogue.check_id = candidates.check_id

)

select * from final
