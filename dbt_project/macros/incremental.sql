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

{#- Data tests read what changed too. In an incremental build, a generic data test of a
    per-document model reads the changed documents' rows only: the other documents' rows are
    the ones the published build tested, untouched since (a changed test or model changes the
    project's digest, and the refresh then builds in full). Tests of the models across
    documents, and the singular tests, read whole tables. dbt hands every generic test its
    model through get_where_subquery; the runner says which build this is in
    BUDGETWH_BUILD_MODE (pipelines/warehouse.py dbt_env), read when the test runs only, so
    a build of the other kind does not make dbt parse the project again. -#}
{% macro get_where_subquery(relation) -%}
    {%- set tested = dbt.default__get_where_subquery(relation) -%}
    {%- if execute and env_var('BUDGETWH_BUILD_MODE', 'full') == 'incremental'
            and is_per_document(relation) -%}
        {%- set changed_only -%}
            (
                select * from {{ tested }}
                where document_id in (
                    select document_id from {{ source('budget', 'changed_documents') }}
                )
            ) changed_documents_rows
        {%- endset -%}
        {%- do return(changed_only) -%}
    {%- endif -%}
    {%- do return(tested) -%}
{%- endmacro %}

{#- Whether the test being run (`model` in a test's context) reads a model whose rows each
    belong to one document: an incremental model, or a staging model over one of the staging
    store's per-document entities (ephemeral: the test reads the CTE __dbt__cte__<model>). -#}
{% macro is_per_document(relation) -%}
    {%- for unique_id in model.depends_on.nodes -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if node and relation.identifier in (node.alias, '__dbt__cte__' ~ node.name) -%}
            {%- do return(
                node.config.materialized == 'incremental'
                or (node.config.materialized == 'ephemeral' and 'document_id' in node.columns)
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do return(false) -%}
{%- endmacro %}
