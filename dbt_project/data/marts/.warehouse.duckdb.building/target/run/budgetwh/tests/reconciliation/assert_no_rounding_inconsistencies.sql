
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  -- Findings (severity warn): checks that fail by a rounding slip of at most 0.01 万元 (or one
-- unit of a printed rate's last digit). Reported, never hidden.
select document_id, check_id, check_name, location, expected_10k_yuan, printed_10k_yuan
from "warehouse"."main"."fct_reconciliation"
where status = 'fail' and severity = 'minor'
  
  
      
    ) dbt_internal_test