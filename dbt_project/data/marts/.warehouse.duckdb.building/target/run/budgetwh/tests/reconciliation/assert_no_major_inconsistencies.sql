
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  -- Findings, not pipeline failures (severity warn, set for this folder in dbt_project.yml):
-- every check of fct_reconciliation that fails by more than a rounding slip. A warning
-- lists how many; `budgetwh check` prints them with their pages.
select document_id, check_id, check_name, location, expected_10k_yuan, printed_10k_yuan
from "warehouse"."main"."fct_reconciliation"
where status = 'fail' and severity = 'major'
  
  
      
    ) dbt_internal_test