"""Every table analysts query is documented: each dim_, fct_ and rpt_ model and each of its
columns has a description in the manifest, the model states its grain, and the YAML names
exactly the columns the built table has."""

from __future__ import annotations

import json

import pytest

PREFIXES = ("dim_", "fct_", "rpt_")


@pytest.fixture(scope="module")
def manifest(built_warehouse, tmp_path_factory) -> dict:
    """The manifest of ``dbt parse`` (doc blocks rendered), written to a private target path."""
    from pipelines.warehouse import dbt_args, dbt_env, run_dbt

    tmp = tmp_path_factory.mktemp("dbt-parse")
    run_dbt(
        dbt_args("parse", "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs")),
        dbt_env(built_warehouse["staging"], tmp / "unused.duckdb"),
    )
    return json.loads((tmp / "target" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def analyst_models(manifest) -> dict[str, dict]:
    models = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"].startswith(PREFIXES)
    }
    assert {"dim_subject", "fct_expenditure", "rpt_department_year_over_year"} <= set(models)
    return models


@pytest.fixture(scope="module")
def built_columns(warehouse_con) -> dict[str, list[str]]:
    rows = warehouse_con.execute(
        "select table_name, column_name from information_schema.columns "
        "order by table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def test_every_model_is_described_with_its_grain(analyst_models):
    undescribed = [n for n, m in analyst_models.items() if not m["description"].strip()]
    assert not undescribed, f"models without a description: {undescribed}"
    no_grain = [
        n for n, m in analyst_models.items() if "one row per" not in m["description"].lower()
    ]
    assert not no_grain, f"models whose description does not state the grain: {no_grain}"
    unrendered = [n for n, m in analyst_models.items() if "{{" in m["description"]]
    assert not unrendered, f"doc() not rendered in: {unrendered}"


def test_every_column_is_described(analyst_models, built_columns):
    problems = []
    for name, model in sorted(analyst_models.items()):
        built = built_columns.get(name)
        if built is None:
            problems.append(f"{name}: not in the warehouse")
            continue
        documented = {c: col["description"].strip() for c, col in model["columns"].items()}
        for column in built:
            if not documented.get(column):
                problems.append(f"{name}.{column}: no description")
        for column in documented:
            if column not in built:
                problems.append(f"{name}.{column}: described in YAML but not in the table")
    assert not problems, "\n".join(problems)


def test_doc_blocks_are_used(manifest):
    used = " ".join(
        node.get("description", "")
        + " ".join(c["description"] for c in node.get("columns", {}).values())
        for node in manifest["nodes"].values()
    )
    for block in ("budget_table_types", "classification_systems", "fund_sources", "units",
                  "provenance"):
        doc = manifest["docs"][f"doc.budgetwh.{block}"]["block_contents"].strip()
        assert doc[:60] in used, f"doc block {block} is not referenced by any description"


def test_sources_are_described(manifest):
    undescribed = [
        s["name"] for s in manifest["sources"].values() if not s["description"].strip()
    ]
    assert not undescribed, f"sources without a description: {undescribed}"
