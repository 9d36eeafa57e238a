{#- The rows of a staging entity that may reach the marts: every document's, except those a
    build quarantined (their rows failed a data test; see pipelines/warehouse.py). Staging
    models select from this instead of the bare source. -#}
{% macro staged(entity) -%}
    (
        select *
        from {{ source('budget', entity) }}
        where document_id not in (select document_id from {{ source('budget', 'quarantine') }})
    )
{%- endmacro %}

{#- An amount in yuan as 万元 (ten thousand yuan), the unit analysts read: one conversion for
    every model, exact (DECIMAL, never float). -#}
{% macro to_10k_yuan(amount_yuan) -%}
    cast({{ amount_yuan }} / 10000 as decimal(20, 6))
{%- endmacro %}
