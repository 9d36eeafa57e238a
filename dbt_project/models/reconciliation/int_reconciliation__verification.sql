-- Grain: one row per printed amount cell (or project row) that at least one reconciliation
-- check reads, with what the checks say of it: contradicted (it takes part in an identity
-- that fails), confirmed (it takes part in at least one identity that holds, and in none
-- that fails). A cell no check reads is not here: its facts say unchecked.
with checks as (

    select * from {{ ref('int_reconciliation__checks') }}

),

participations as (

    select
        checks.document_id,
        participant.key as fact_key,
        checks.status,
        checks.check_id
    from checks,
        unnest(checks.participant_keys) as participant(key)

),

final as (

    select
        fact_key,
        any_value(document_id) as document_id,
        case when bool_or(status = 'fail') then 'contradicted' else 'confirmed' end
            as verification,
        count(*) filter (where status = 'pass') as checks_passed,
        count(*) filter (where status = 'fail') as checks_failed,
        list(distinct check_id order by check_id) as check_ids
    from participations
    group by fact_key

)

select * from final
