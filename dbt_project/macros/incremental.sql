{#- Per-document models are incremental (config materialized='incremental' in the model): each
    of their rows belongs to one document and is computed from that document's rows alone, so
    a build can make them a few documents at a time. The runner lists the documents a dbt
    build makes in the staging table changed_documents and says so in BUDGETWH_BUILD_MODE
    (pipelines/warehouse.py build_warehouse): a batch of a full build into an empty file, or
    the documents that changed since the published warehouse, in a copy of it. A model that
    exists already first deletes the listed documents' rows (the pre-hook below, set for every
    model in dbt_project.yml), then inserts what their staging rows give now: the cost of a
    build follows what it makes, and its memory the size of a batch, not the collection. A
    model across documents (a dimension, a comparison between years) stays a table, rebuilt
    whole. Without a list (BUDGETWH_BUILD_MODE=full: Dagster's runs, the test suite) a build
    makes every document's rows. -#}

{#- Whether this build of the model makes the listed documents' rows only. Read at execution
    only (`execute`), so that a build of another kind does not make dbt parse the project
    again. A dbt unit test of the model has no relation of its own (`this` is none there): it
    always tests the SQL that reads every document. -#}
{% macro building_changed_documents() -%}
    {{ return(this is not none and (
        is_incremental()
        or (execute and env_var('BUDGETWH_BUILD_MODE', 'full') != 'full')
    )) }}
{%- endmacro %}

{#- The documents listed for this build, as a SQL condition on document_id. The list is read
    when the model runs and written into its SQL as constants: DuckDB then filters every
    input by a fixed set, where a join with the staging table let it choose, for some
    batches, a plan that holds a whole input in memory (a batch of 200 documents ran out of
    128 MB that way; constants and the whole collection did not). -#}
{% macro listed_documents_condition() -%}
    {%- set listed = run_query(
        "select document_id from " ~ source('budget', 'changed_documents') ~ " order by 1"
    ) if execute else none -%}
    {%- set ids = listed.columns[0].values() if listed is not none else [] -%}
    {%- if ids | length == 0 -%}
        false
    {%- else -%}
        document_id in (
            {%- for id in ids -%}
                '{{ id | replace("'", "''") }}'{{ ", " if not loop.last }}
            {%- endfor -%}
        )
    {%- endif -%}
{%- endmacro %}

{#- A per-document input of a per-document model: the listed documents' rows when the build
    makes those only, else the whole relation. -#}
{% macro changed_rows(relation) -%}
    {%- if building_changed_documents() -%}
        (select * from {{ relation }} where {{ listed_documents_condition() }})
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook: a per-document model that exists already forgets the listed documents' rows
    before it makes them again (a removed or newly quarantined document's rows do not come
    back). -#}
{% macro forget_changed_documents() -%}
    {%- if config.get('materialized') == 'incremental' and this is not none
            and is_incremental() -%}
        delete from {{ this }} where {{ listed_documents_condition() }}
    {%- endif -%}
{%- endmacro %}

{#- Data tests read what changed too. In an incremental build that made its changed documents
    in one batch (BUDGETWH_BUILD_MODE=incremental), a generic data test of a per-document model
    reads the changed documents' rows only: the other documents' rows are the ones the
    published build tested, untouched since (a changed test or model changes the project's
    digest, and the refresh then builds in full). Tests of the models across
    documents, and the singular tests, read whole tables. dbt hands every generic test its
    model through get_where_subquery; the runner says which build this is in
    BUDGETWH_BUILD_MODE (pipelines/warehouse.py dbt_env), read when the test runs only, so
    a build of the other kind does not make dbt parse the project again. -#}
{% macro get_where_subquery(relation) -%}
    {%- set tested = dbt.default__get_where_subquery(relation) -%}
    {%- if execute and env_var('BUDGETWH_BUILD_MODE', 'full') == 'incremental'
            and is_per_document(relation) -%}
        {%- set changed_only -%}
            (select * from {{ tested }} where {{ listed_documents_condition() }})
            changed_documents_rows
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
