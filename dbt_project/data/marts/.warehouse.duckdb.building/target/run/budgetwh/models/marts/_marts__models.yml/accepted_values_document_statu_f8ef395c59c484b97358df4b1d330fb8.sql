
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        error_kind as value_field,
        count(*) as n_records

    from "warehouse"."main"."document_status"
    group by error_kind

)

select *
from all_values
where value_field not in (
    'empty_file','not_pdf','corrupt_pdf','encrypted_pdf','no_text_layer','not_budget_document','no_known_tables','timeout','memory_limit','internal_error'
)



  
  
      
    ) dbt_internal_test