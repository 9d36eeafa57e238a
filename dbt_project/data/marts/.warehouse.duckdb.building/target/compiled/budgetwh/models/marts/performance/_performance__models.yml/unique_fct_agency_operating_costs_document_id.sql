
    
    

select
    document_id as unique_field,
    count(*) as n_records

from "warehouse"."main"."fct_agency_operating_costs"
where document_id is not null
group by document_id
having count(*) > 1


