-- ocr_correction_candidate: one row per amount read by OCR with low confidence (below var
-- ocr_confidence_threshold) that a failing identity pins down — it is the only such amount
-- the identity reads — with the value that would make the identity hold: the expected
-- figure when the amount is the checked one (a total, the copy in the other table), else the
-- amount plus the identity's difference (every amount identity is a sum of its parts, each
-- read once). A finding for a person to compare with the scan: the printed reading is never
-- changed, and the amount stays doubtful (int_reconciliation__verification). Several
-- identities that give the same value are one row naming them all; identities that
-- disagree give one row each. Columns as fct_reconciliation.
{{ config(materialized='incremental') }}

with checks as (

    select
        *,
        row_number() over (
            partition by document_id
            order by check_id, location, expected_10k_yuan, printed_10k_yuan
        ) as check_seq
    from {{ changed_rows(ref('int_reconciliation__checks')) }}
    where status = 'fail'
        and expected_10k_yuan is not null
        and len(participant_keys) > 0

),

doubtful as (

    select
        line_items.cell_key,
        line_items.ocr_confidence,
        line_items.amount_printed,
        amounts.amount_10k_yuan,
        amounts.cell_location
    from {{ changed_rows(ref('stg_budget__line_items')) }} as line_items
    inner join {{ changed_rows(ref('int_reconciliation__amounts')) }} as amounts
        on amounts.cell_key = line_items.cell_key
    where line_items.ocr_confidence < {{ var('ocr_confidence_threshold') }}
        and line_items.reading <> 'unreadable'

),

participations as (

    select
        checks.check_seq,
        checks.document_id,
        checks.check_name,
        checks.location as check_location,
        checks.expected_10k_yuan,
        checks.printed_10k_yuan,
        checks.difference_10k_yuan,
        participant.key as fact_key,
        participant.key = list_last(checks.participant_keys) as is_checked_figure,
        len(list_filter(checks.participant_keys, lambda key: key = participant.key)) as times_read
    from checks,
        unnest(checks.participant_keys) as participant(key)

),

pinned as (

    select
        participations.*,
        doubtful.ocr_confidence,
        doubtful.amount_printed,
        doubtful.amount_10k_yuan,
        doubtful.cell_location,
        count(*) over (
            partition by participations.document_id, participations.check_seq
        ) as doubtful_read
    from participations
    inner join doubtful on doubtful.cell_key = participations.fact_key

),

candidates as (

    select
        document_id,
        fact_key,
        cell_location,
        amount_printed,
        ocr_confidence,
        amount_10k_yuan as read_10k_yuan,
        cast(
            case
                when is_checked_figure then expected_10k_yuan
                else amount_10k_yuan + difference_10k_yuan
            end as decimal(20, 6)
        ) as candidate_10k_yuan,
        check_name,
        check_location
    from pinned
    where doubtful_read = 1 and times_read = 1

),

final as (

    select
        document_id,
        'ocr_correction_candidate' as check_id,
        any_value(cell_location) || ' read 「' || any_value(amount_printed) || '」 by OCR (confidence '
            || round(any_value(ocr_confidence), 2) || '): '
            || rtrim(rtrim(cast(candidate_10k_yuan as varchar), '0'), '.')
            || ' 万元 would make ' || string_agg(
                check_name || ' (' || check_location || ')', '; ' order by check_location, check_name
            ) || ' hold' as location,
        candidate_10k_yuan as expected_10k_yuan,
        any_value(read_10k_yuan) as printed_10k_yuan
    from candidates
    group by document_id, fact_key, candidate_10k_yuan

)

select * from final
