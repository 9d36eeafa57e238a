-- Where is a number printed? Every printed cell of one function subject in every table, with
-- file, page, table, row, column and the amount exactly as printed. Set the subject with
-- `--vars '{subject_code: "2080109"}'`.
with expenditure as (

    select * from {{ ref('fct_expenditure') }}

),

documents as (

    select * from {{ ref('dim_document') }}

),

final as (

    select
        documents.file_name,
        documents.budget_year,
        expenditure.page,
        expenditure.table_id,
        expenditure.table_type,
        expenditure.row_index,
        expenditure.column_index,
        expenditure.label_printed,
        expenditure.column_path,
        expenditure.expenditure_type,
        expenditure.amount_printed,
        expenditure.amount_yuan
    from expenditure
    inner join documents on documents.document_id = expenditure.document_id
    where expenditure.subject_code = '{{ var("subject_code", "2080109") }}'

)

select * from final
order by file_name, table_id, row_index, column_index
