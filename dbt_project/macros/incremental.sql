{#- Per-document models are incremental (config materialized='incremental' in the model): each
    of their rows belongs to one document and is computed from that document's rows alone. A
    full build makes them from every document. An incremental build (pipelines/build_plan.py:
    the refresh starts from a copy of the published warehouse and lists the documents that
    changed in the staging table changed_documents) first deletes the changed documents' rows
    (the pre-hook below, set for every model in dbt_project.yml), then inserts what their
    staging rows give now: its cost follows what changed, not the collection. A model across
    documents (a dimension, a comparison between years) stays a table, rebuilt whole. -#}

{#- Whether this is an incremental build of the model. A dbt unit test of the model has no
    relation of its own (`this` is none there): it always tests the full build's SQL. -#}
{% macro building_changed_documents() -%}
    {{ return(this is not none and is_incremental()) }}
{%- endmacro %}

{#- A per-document input of a per-document model: the whole relation in a full build, the
    changed documents' rows in an incremental one. -#}
{% macro changed_rows(relation) -%}
    {%- if building_changed_documents() -%}
        (
            select * from {{ relation }}
            where document_id in (
                select document_id from {{ source('budget', 'changed_documents') }}
            )
        )
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook: an incremental model in an incremental build forgets the changed documents'
    rows (a removed or newly quarantined document's rows do not come back). -#}
{% macro forget_changed_documents() -%}
    {%- if config.get('materialized') == 'incremental' and building_changed_documents() -%}
        delete from {{ this }}
        where document_id in (select document_id from {{ source('budget', 'changed_documents') }})
    {%- endif -%}
{%- endmacro %}
