
    
    

select
    fund_source_name as unique_field,
    count(*) as n_records

from "warehouse"."main"."fund_sources"
where fund_source_name is not null
group by fund_source_name
having count(*) > 1


