-- Which 项 (7-digit function subjects) changed most between two years of the same department?
-- Every department with documents from two budget years; the ten largest absolute changes each.
-- Compile with `dbt compile --select department_year_over_year_largest_changes` or paste the
-- query (with the refs replaced by table names) into `budgetwh shell`.
with year_over_year as (

    select * from {{ ref('rpt_department_year_over_year') }}

),

ranked as (

    select
        department_name_normalised,
        base_year,
        compare_year,
        subject_code,
        subject_name,
        base_total_10k_yuan,
        compare_total_10k_yuan,
        change_10k_yuan,
        change_pct,
        row_number() over (
            partition by base_document_id, compare_document_id
            order by abs(change_10k_yuan) desc, subject_code
        ) as change_rank
    from year_over_year
    where subject_level = '项'

),

final as (

    select * from ranked
    where change_rank <= 10

)

select * from final
order by department_name_normalised, base_year, compare_year, change_rank
