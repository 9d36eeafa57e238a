"""The small pieces of safe publishing: build-folder cleanup, a warehouse's own staging, the
all-or-nothing write of a document, dbt's errors and warnings."""

from __future__ import annotations

import json

import duckdb
import polars as pl
import pytest

from pipelines.quarantine import FailedTest, documents_named
from pipelines.refresh import entity_schemas, prepare_store
from pipelines.staging.store import StagingStore
from pipelines.warehouse import (
    build_path_for,
    clean_build_folder,
    dbt_error_summary,
    failing_checks,
    staging_dir_for,
)


def test_build_folder_is_the_warehouses_own_and_cleanup_keeps_dbt_caches(tmp_path):
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    build = build_path_for(warehouse)
    assert build.name == warehouse.name and build.parent.parent == warehouse.parent
    other = build_path_for(tmp_path / "marts" / "other.duckdb")
    assert other.parent != build.parent  # clearing one never touches the other's build
    build.parent.mkdir(parents=True)
    (build.parent / "target").mkdir()
    (build.parent / "target" / "partial_parse.msgpack").write_bytes(b"cache")
    build.write_bytes(b"half a database")
    (build.parent / f"{build.name}.wal").write_bytes(b"wal")
    (build.parent / "tmp").mkdir()

    removed = clean_build_folder(build)

    assert sorted(p.name for p in removed) == sorted([build.name, f"{build.name}.wal", "tmp"])
    assert sorted(p.name for p in build.parent.iterdir()) == ["target"]


def test_each_warehouse_has_its_own_staging_beside_it(tmp_path):
    one = staging_dir_for(tmp_path / "marts" / "warehouse.duckdb")
    assert one == (tmp_path / "marts" / "warehouse.staging").resolve()
    # Two warehouses in one folder, or in sibling folders, never share a staging store.
    assert staging_dir_for(tmp_path / "marts" / "other.duckdb") != one
    assert staging_dir_for(tmp_path / "copy" / "warehouse.duckdb") != one
    assert staging_dir_for(tmp_path / "w.duckdb", tmp_path / "mine") == tmp_path / "mine"


def _line_items(document_id: str, rows: int) -> pl.DataFrame:
    schema = entity_schemas()["line_items"]
    return pl.DataFrame(
        {"document_id": [document_id] * rows, "row_index": list(range(rows))}
    ).select(pl.col(name).cast(dtype) if name in ("document_id", "row_index")
             else pl.lit(None, dtype).alias(name) for name, dtype in schema.items())


def test_a_document_is_written_whole_or_not_at_all(tmp_path):
    with StagingStore(tmp_path) as store:
        prepare_store(store)
        store.write_document("doc", {"line_items": _line_items("doc", 3)})
        # A write that fails half-way (here: a table that does not exist, after the
        # document's line items were replaced) leaves the document as it was.
        with pytest.raises(Exception, match="no_such_table"):
            store.write_document(
                "doc", {"line_items": _line_items("doc", 5), "no_such_table": pl.DataFrame()}
            )
        assert store.rows("line_items", "doc") == 3
    # Nothing half-written survives the store being closed and opened again either.
    with StagingStore(tmp_path, read_only=True) as store:
        assert store.rows("line_items", "doc") == 3


def test_dbt_error_summary_keeps_the_explaining_lines():
    output = (
        "\x1b[0m04:09:50  Running with dbt=1.10\n"
        "\x1b[0m04:09:50  Encountered an error:\n"
        "Compilation Error\n"
        "  Model 'model.budgetwh.x' depends on a node named 'y' which was not found\n"
    )
    summary = dbt_error_summary(output)
    assert summary == (
        "Encountered an error: | Compilation Error | "
        "Model 'model.budgetwh.x' depends on a node named 'y' which was not found"
    )
    assert "\n" not in summary and "\x1b" not in summary


def test_failing_checks_are_the_tests_that_warned_or_failed(tmp_path):
    results = [
        {"unique_id": "test.budgetwh.assert_no_major_inconsistencies", "status": "warn"},
        {"unique_id": "test.budgetwh.not_null_dim_document_id.abc", "status": "pass"},
        {"unique_id": "test.budgetwh.unique_fct_x.def", "status": "fail"},
        {"unique_id": "model.budgetwh.fct_expenditure", "status": "success"},
    ]
    (tmp_path / "run_results.json").write_text(json.dumps({"results": results}))
    assert failing_checks(tmp_path) == ["assert_no_major_inconsistencies", "unique_fct_x"]
    assert failing_checks(tmp_path / "missing") == []


def _failed(sql: str, column: str) -> FailedTest:
    return FailedTest("test.budgetwh.t", "t", sql, model_relation="fct_x", column_name=column)


def test_a_failed_test_names_the_documents_of_its_rows_nulls_included():
    con = duckdb.connect()
    con.execute(
        "create table fct_x as select * from (values ('a', 'total', 1), ('b', null, 2), "
        "('c', 'dup', 3), ('d', 'dup', 4)) as t(document_id, measure, n)"
    )
    # not_null returns the null values alone: traced back through the model.
    not_null = _failed("select measure from fct_x where measure is null", "measure")
    assert documents_named(con, not_null) == {"b": ["measure=None"]}
    # unique returns the repeated value alone.
    unique = _failed(
        "select measure as unique_field, count(*) as n_records from fct_x "
        "group by measure having count(*) > 1", "measure",
    )
    assert documents_named(con, unique) == {"c": ["measure=dup"], "d": ["measure=dup"]}
    # rows that carry their document name it directly.
    direct = _failed("select document_id, n from fct_x where n > 3", "n")
    assert documents_named(con, direct) == {"d": ["n=4"]}
