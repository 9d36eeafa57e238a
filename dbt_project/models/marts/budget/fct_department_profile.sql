-- One row per document: the department's staff and vehicles as its text states them, with
-- the sentence and page of each figure. headcount_total is 共有人员 where printed, else
-- 实有人员 / 实有人数; each figure is its first statement in the document.
with documents as (

    select document_id from {{ ref('stg_budget__documents') }}

),

counts as (

    select
        document_id,
        statement_index,
        subject as fact,
        value,
        sentence,
        page
    from {{ ref('stg_budget__narrative_statements') }}
    where kind = 'count'
        and subject in (
            'headcount_total', 'headcount_actual', 'headcount_active', 'headcount_retired',
            'headcount_authorized', 'vehicles'
        )

),

firsts as (

    select
        *,
        row_number() over (partition by document_id, fact order by statement_index) as fact_rank
    from counts

),

pivoted as (

    select
        document_id,
        max(value) filter (where fact = 'headcount_total') as total_staff,
        max(sentence) filter (where fact = 'headcount_total') as total_sentence,
        max(page) filter (where fact = 'headcount_total') as total_page,
        max(value) filter (where fact = 'headcount_actual') as actual_staff,
        max(sentence) filter (where fact = 'headcount_actual') as actual_sentence,
        max(page) filter (where fact = 'headcount_actual') as actual_page,
        max(value) filter (where fact = 'headcount_active') as headcount_active,
        max(value) filter (where fact = 'headcount_retired') as headcount_retired,
        max(value) filter (where fact = 'headcount_authorized') as headcount_authorized,
        max(value) filter (where fact = 'vehicles') as vehicles,
        max(sentence) filter (where fact = 'headcount_active') as active_sentence,
        max(sentence) filter (where fact = 'headcount_retired') as retired_sentence,
        max(sentence) filter (where fact = 'headcount_authorized') as authorized_sentence,
        max(sentence) filter (where fact = 'vehicles') as vehicles_sentence,
        max(page) filter (where fact = 'vehicles') as vehicles_page
    from firsts
    where fact_rank = 1
    group by document_id

),

facts as (

    select
        documents.document_id,
        cast(coalesce(pivoted.total_staff, pivoted.actual_staff) as integer) as headcount_total,
        cast(pivoted.headcount_active as integer) as headcount_active,
        cast(pivoted.headcount_retired as integer) as headcount_retired,
        cast(pivoted.actual_staff as integer) as headcount_actual,
        cast(pivoted.headcount_authorized as integer) as headcount_authorized,
        cast(pivoted.vehicles as integer) as vehicles,
        coalesce(pivoted.total_sentence, pivoted.actual_sentence) as headcount_total_sentence,
        coalesce(pivoted.total_page, pivoted.actual_page) as headcount_total_page,
        pivoted.active_sentence as headcount_active_sentence,
        pivoted.retired_sentence as headcount_retired_sentence,
        pivoted.authorized_sentence as headcount_authorized_sentence,
        pivoted.vehicles_sentence,
        pivoted.vehicles_page
    from documents
    left join pivoted on pivoted.document_id = documents.document_id

),

document_keys as (

    select document_id, department_key, budget_year from {{ ref('dim_document') }}

),

final as (

    select
        facts.document_id,
        document_keys.department_key,
        document_keys.budget_year,
        facts.* exclude (document_id)
    from facts
    inner join document_keys on document_keys.document_id = facts.document_id

)

select * from final
