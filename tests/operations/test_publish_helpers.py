"""The small pieces of safe publishing: build-folder cleanup, dbt's errors and warnings."""

from __future__ import annotations

import json

from pipelines.refresh import clean_stale_files
from pipelines.warehouse import (
    build_path_for,
    clean_build_folder,
    dbt_error_summary,
    failing_checks,
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


def test_stale_staging_tmp_files_are_removed(tmp_path):
    (tmp_path / "cells").mkdir()
    stale = tmp_path / "cells" / ".doc.parquet.tmp"
    stale.write_bytes(b"half")
    kept = tmp_path / "cells" / "doc.parquet"
    kept.write_bytes(b"whole")
    assert clean_stale_files(tmp_path) == [stale]
    assert kept.exists() and not stale.exists()


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
