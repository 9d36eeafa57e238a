
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        fund_source_group as value_field,
        count(*) as n_records

    from "warehouse"."main"."fund_sources"
    group by fund_source_group

)

select *
from all_values
where value_field not in (
    'fiscal_appropriation','fiscal_special_account','unit_funds','prior_balances'
)



  
  
      
    ) dbt_internal_test