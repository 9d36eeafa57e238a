-- Grain: one row per reconciliation check evaluated on a document — passing or failing, so
-- coverage is visible. Contract: fct_reconciliation(document_id, check_id, check_name,
-- location, expected_10k_yuan, printed_10k_yuan, difference_10k_yuan, severity, status);
-- the checks and how they are graded are in int_reconciliation__checks.
with checks as (

    select * from {{ ref('int_reconciliation__checks') }}

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

)

select * from final
