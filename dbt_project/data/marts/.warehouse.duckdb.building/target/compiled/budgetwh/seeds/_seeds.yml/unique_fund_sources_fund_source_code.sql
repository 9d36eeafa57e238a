
    
    

select
    fund_source_code as unique_field,
    count(*) as n_records

from "warehouse"."main"."fund_sources"
where fund_source_code is not null
group by fund_source_code
having count(*) > 1


