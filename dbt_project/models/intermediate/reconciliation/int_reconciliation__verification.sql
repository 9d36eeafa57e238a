-- Grain: one row per printed amount cell (or project row) that at least one reconciliation
-- check reads, with what the checks say of it.
--
-- An identity that holds confirms every amount it reads. An identity that fails says one of
-- its amounts is printed wrong, not which: the amounts it reads that no holding identity
-- confirms are its suspects, and they are contradicted; when every amount it reads is
-- confirmed elsewhere (a rounding slip: each figure agrees with its own row, the total not
-- with the sum), the printed figure it checks — the total, or the copy in the other table —
-- is. A misprinted figure fails every identity it takes part in, so it is always a suspect
-- and never confirmed; the correct figures beside it are confirmed by their other
-- identities. A cell printed in a form that is not an amount is here as unreadable (check
-- amount_readable names it). An amount read by OCR with a confidence below the threshold
-- (var ocr_confidence_threshold) that no holding identity confirms is doubtful, whether a
-- failing identity blames it or none reads it: the reading, not the document, is in doubt
-- (a holding identity is the evidence that it was read right, so it is confirmed). A cell no
-- check reads and no doubt touches is not here: its facts say unchecked.
{{ config(materialized='incremental') }}

with checks as (

    select
        *,
        -- numbered within the document: a document's checks are judged on their own
        row_number() over (
            partition by document_id
            order by check_id, location, expected_10k_yuan, printed_10k_yuan
        ) as check_seq
    from {{ changed_rows(ref('int_reconciliation__checks')) }}

),

participations as (

    select distinct
        checks.document_id,
        checks.check_seq,
        checks.check_id,
        checks.status,
        participant.key as fact_key,
        -- every identity lists the printed figure it checks last (parts, then the total)
        participant.key = list_last(checks.participant_keys) as is_checked_figure
    from checks,
        unnest(checks.participant_keys) as participant(key)

),

confirmed as (

    select distinct fact_key from participations where status = 'pass'

),

failing as (

    select
        participations.*,
        confirmed.fact_key is not null as is_confirmed_elsewhere,
        bool_and(confirmed.fact_key is not null) over (
            partition by participations.document_id, participations.check_seq
        ) as all_confirmed_elsewhere
    from participations
    left join confirmed on confirmed.fact_key = participations.fact_key
    where participations.status = 'fail'

),

suspects as (

    select distinct fact_key
    from failing
    where not is_confirmed_elsewhere or (all_confirmed_elsewhere and is_checked_figure)

),

unreadable as (

    -- a cell printed in a form that is not an amount takes part in no identity
    select cell_key as fact_key, document_id
    from {{ changed_rows(ref('stg_budget__line_items')) }}
    where reading = 'unreadable'

),

doubtful as (

    -- read by OCR with low confidence, in a form that is an amount (or blank)
    select cell_key as fact_key, document_id
    from {{ changed_rows(ref('stg_budget__line_items')) }}
    where ocr_confidence < {{ var('ocr_confidence_threshold') }}
        and reading <> 'unreadable'

),

judged as (

    select
        participations.fact_key,
        any_value(participations.document_id) as document_id,
        case
            when suspects.fact_key is null then 'confirmed'
            when doubtful.fact_key is not null then 'doubtful'
            else 'contradicted'
        end as verification,
        count(*) filter (where participations.status = 'pass') as checks_passed,
        count(*) filter (where participations.status = 'fail') as checks_failed,
        list_sort(list(distinct participations.check_id)) as check_ids
    from participations
    left join suspects on suspects.fact_key = participations.fact_key
    left join doubtful on doubtful.fact_key = participations.fact_key
    group by participations.fact_key, suspects.fact_key, doubtful.fact_key

),

final as (

    select * from judged
    union all
    select
        fact_key,
        document_id,
        'unreadable' as verification,
        0 as checks_passed,
        0 as checks_failed,
        cast([] as varchar[]) as check_ids
    from unreadable
    union all
    select
        doubtful.fact_key,
        doubtful.document_id,
        'doubtful' as verification,
        0 as checks_passed,
        0 as checks_failed,
        cast([] as varchar[]) as check_ids
    from doubtful
    where doubtful.fact_key not in (select fact_key from participations)

)

select * from final
